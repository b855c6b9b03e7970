// UDP over 127.0.0.1: the sender (main thread) sends BATCH 32-byte datagrams
// with sendto, the receiver (second thread) reads them with recvfrom and acks
// each batch, so none is dropped. Datagrams received per second.
// usage: udp DATAGRAMS REPS
#include "bench.h"

#define BATCH 32
#define SIZE 32

static struct port_box box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1};

static void *receiver(void *arg) {
  (void)arg;
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (fd < 0) die("socket");
  struct sockaddr_in a = loopback(0);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
  port_put(&box, bound_port(fd));
  unsigned char buf[2048];
  struct sockaddr_storage from;
  long count = 0;
  for (;;) {
    socklen_t fromlen = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    if (n < 0) die("recvfrom");
    if (n == 1) break;  // the sender's "stop"
    if (++count % BATCH == 0 && sendto(fd, "k", 1, 0, (struct sockaddr *)&from, fromlen) != 1) die("sendto ack");
  }
  close(fd);
  return NULL;
}

int main(int argc, char **argv) {
  long n = arg_long(argc, argv, 1, 64000), reps = arg_long(argc, argv, 2, 5);
  n -= n % BATCH;
  pthread_t th;
  if (pthread_create(&th, NULL, receiver, NULL) != 0) die("pthread_create");
  struct sockaddr_in to = loopback(port_take(&box));
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (fd < 0) die("socket");
  unsigned char msg[SIZE], ack[16];
  memset(msg, 'd', sizeof msg);
  double samples[64];
  for (long r = -1; r < reps && r < 64; r++) {  // r = -1: warm-up, not recorded
    long count = r < 0 ? n / 10 - (n / 10) % BATCH : n;
    double t0 = now_s();
    for (long i = 0; i < count; i += BATCH) {
      for (int k = 0; k < BATCH; k++) {
        if (sendto(fd, msg, SIZE, 0, (struct sockaddr *)&to, sizeof to) != SIZE) die("sendto");
      }
      if (recv(fd, ack, sizeof ack, 0) != 1) die("recv ack");
    }
    if (r >= 0) samples[r] = (double)count / (now_s() - t0);
  }
  print_samples(samples, reps);
  sendto(fd, "q", 1, 0, (struct sockaddr *)&to, sizeof to);
  pthread_join(th, NULL);
  close(fd);
  return 0;
}
