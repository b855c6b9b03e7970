// getsockopt(SOL_SOCKET, SO_TYPE) into an int: ns per call.
// usage: sockopt CALLS REPS [THREADS]   (THREADS 2: an idle second thread, see bench.h)
#include "bench.h"

int main(int argc, char **argv) {
  long calls = arg_long(argc, argv, 1, 500000), reps = arg_long(argc, argv, 2, 7);
  maybe_idle_thread(arg_long(argc, argv, 3, 1) > 1);
  int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (fd < 0) die("socket");
  double samples[64];
  long sink = 0;
  for (long r = -1; r < reps && r < 64; r++) {  // r = -1: warm-up, not recorded
    double t0 = now_s();
    for (long i = 0; i < calls; i++) {
      int v = 0;
      socklen_t len = sizeof v;
      if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) != 0) die("getsockopt");
      sink += v;
    }
    double t1 = now_s();
    if (r >= 0) samples[r] = (t1 - t0) * 1e9 / (double)calls;
  }
  if (sink != (calls * (reps + 1)) * SOCK_STREAM) {
    fprintf(stderr, "bench: wrong SO_TYPE\n");
    return 1;
  }
  print_samples(samples, reps);
  close(fd);
  return 0;
}
