// UDP over 127.0.0.1: the sender (main thread) sends BATCH 32-byte datagrams
// with sendto, the receiver (second thread) reads them with recvfrom and acks
// each batch, so none is dropped. Datagrams received per second.
// With `mmsg` both sides move each batch in one call, sendmmsg and recvmmsg
// (Linux): the floor of the batched JS rows, what the kernel gives a batch.
// usage: udp DATAGRAMS REPS [mmsg]
#include "bench.h"

#define BATCH 32
#define SIZE 32

static struct port_box box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1};
static int batched;

/** One recvmmsg of a whole batch (blocking until all of it arrived), as the JS batched receiver calls it. */
static int receive_batch(int fd, struct sockaddr_storage *from, socklen_t *fromlen) {
  static unsigned char bufs[BATCH][2048];
  static struct sockaddr_storage names[BATCH];
  struct mmsghdr h[BATCH];
  struct iovec iov[BATCH];
  memset(h, 0, sizeof h);
  for (int k = 0; k < BATCH; k++) {
    iov[k] = (struct iovec){bufs[k], sizeof bufs[k]};
    h[k].msg_hdr = (struct msghdr){.msg_name = &names[k], .msg_namelen = sizeof names[k], .msg_iov = &iov[k], .msg_iovlen = 1};
  }
  int got = recvmmsg(fd, h, BATCH, 0, NULL);
  if (got <= 0) die("recvmmsg");
  *from = names[got - 1];
  *fromlen = h[got - 1].msg_hdr.msg_namelen;
  return h[got - 1].msg_len == 1 ? -1 : got;  // -1: the sender's "stop"
}

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
  while (batched) {
    socklen_t fromlen;
    int got = receive_batch(fd, &from, &fromlen);
    if (got < 0) break;
    if ((count += got) % BATCH == 0 && sendto(fd, "k", 1, 0, (struct sockaddr *)&from, fromlen) != 1) die("sendto ack");
  }
  while (!batched) {
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
  batched = argc > 3 && strcmp(argv[3], "mmsg") == 0;
  n -= n % BATCH;
  pthread_t th;
  if (pthread_create(&th, NULL, receiver, NULL) != 0) die("pthread_create");
  struct sockaddr_in to = loopback(port_take(&box));
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (fd < 0) die("socket");
  unsigned char msg[SIZE], ack[16];
  memset(msg, 'd', sizeof msg);
  struct mmsghdr h[BATCH];
  struct iovec iov = {msg, SIZE};
  memset(h, 0, sizeof h);
  for (int k = 0; k < BATCH; k++) h[k].msg_hdr = (struct msghdr){.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov, .msg_iovlen = 1};
  double samples[64];
  for (long r = -1; r < reps && r < 64; r++) {  // r = -1: warm-up, not recorded
    long count = r < 0 ? n / 10 - (n / 10) % BATCH : n;
    double t0 = now_s();
    for (long i = 0; i < count; i += BATCH) {
      if (batched) {
        if (sendmmsg(fd, h, BATCH, 0) != BATCH) die("sendmmsg");
      } else {
        for (int k = 0; k < BATCH; k++) {
          if (sendto(fd, msg, SIZE, 0, (struct sockaddr *)&to, sizeof to) != SIZE) die("sendto");
        }
      }
      if (recv(fd, ack, sizeof ack, 0) != 1) die("recv ack");
    }
    if (r >= 0) samples[r] = (double)count / (now_s() - t0);
  }
  print_samples(samples, reps);
  // The stop: a whole batch of 1-byte datagrams when the receiver waits for whole batches.
  iov.iov_len = 1;
  if (batched)
    sendmmsg(fd, h, BATCH, 0);
  else
    sendto(fd, "q", 1, 0, (struct sockaddr *)&to, sizeof to);
  pthread_join(th, NULL);
  close(fd);
  return 0;
}
