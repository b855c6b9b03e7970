// poll() over HANDLES UDP sockets, each with one datagram queued (so all are
// readable and selectRead keeps the whole array): fill the pollfd array, poll
// with timeout 0, count the ready ones, as selectRead does. µs per call.
// usage: poll HANDLES CALLS REPS [THREADS]   (THREADS 2: an idle second thread, see bench.h)
#include "bench.h"

int main(int argc, char **argv) {
  long handles = arg_long(argc, argv, 1, 1000), calls = arg_long(argc, argv, 2, 2000), reps = arg_long(argc, argv, 3, 7);
  maybe_idle_thread(arg_long(argc, argv, 4, 1) > 1);
  int *fds = calloc((size_t)handles, sizeof *fds);
  struct pollfd *pfd = calloc((size_t)handles, sizeof *pfd);
  int sender = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (!fds || !pfd || sender < 0) die("setup");
  for (long i = 0; i < handles; i++) {
    fds[i] = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (fds[i] < 0) die("socket");
    struct sockaddr_in a = loopback(0);
    if (bind(fds[i], (struct sockaddr *)&a, sizeof a) != 0) die("bind");
    a = loopback(bound_port(fds[i]));
    if (sendto(sender, "x", 1, 0, (struct sockaddr *)&a, sizeof a) != 1) die("sendto");
  }
  double samples[64];
  for (long r = -1; r < reps && r < 64; r++) {  // r = -1: warm-up, not recorded
    double t0 = now_s();
    for (long c = 0; c < calls; c++) {
      for (long i = 0; i < handles; i++) {
        pfd[i].fd = fds[i];
        pfd[i].events = POLLIN;
        pfd[i].revents = 0;
      }
      int n = poll(pfd, (nfds_t)handles, 0);
      if (n < 0) die("poll");
      long keep = 0;
      for (long i = 0; i < handles; i++) keep += (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
      if (keep != handles) {
        fprintf(stderr, "bench: only %ld of %ld ready\n", keep, handles);
        return 1;
      }
    }
    if (r >= 0) samples[r] = (now_s() - t0) * 1e6 / (double)calls;
  }
  print_samples(samples, reps);
  return 0;
}
