// TCP over 127.0.0.1, TCP_NODELAY on both ends; the server runs in a second
// thread, the client on the main thread (the JS drivers: a worker and the main thread).
//   tcp pingpong ROUNDS REPS   1-byte message and 1-byte echo: round trips/s
//   tcp bulk MIB REPS          64 KiB sends, 64 KiB recvs, a 1-byte ack per MIB: MiB/s
#include "bench.h"

#define CHUNK 65536
/* The ping-pong warm-up rep's round trips, at least: bench/js/tcp.mjs says why. */
#define WARM_ROUNDS 40000

static int bulk;
static size_t rep_bytes;
static struct port_box box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1};

static void nodelay(int fd) {
  int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) die("setsockopt TCP_NODELAY");
}

static void *server(void *arg) {
  (void)arg;
  int ls = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (ls < 0) die("socket");
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(0);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
  if (listen(ls, 16) != 0) die("listen");
  port_put(&box, bound_port(ls));
  int c = accept(ls, NULL, NULL);
  if (c < 0) die("accept");
  nodelay(c);
  if (!bulk) {
    unsigned char b;
    while (recv(c, &b, 1, 0) == 1) {
      if (send(c, &b, 1, 0) != 1) break;
    }
  } else {
    static unsigned char buf[CHUNK];
    size_t got = 0;
    for (;;) {
      ssize_t n = recv(c, buf, CHUNK, 0);
      if (n <= 0) break;
      got += (size_t)n;
      while (got >= rep_bytes) {
        got -= rep_bytes;
        if (send(c, "k", 1, 0) != 1) die("send ack");
      }
    }
  }
  close(c);
  close(ls);
  return NULL;
}

static void send_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t k = send(fd, p, n, 0);
    if (k <= 0) die("send");
    p += k;
    n -= (size_t)k;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: tcp pingpong|bulk N REPS\n");
    return 2;
  }
  bulk = strcmp(argv[1], "bulk") == 0;
  long n = arg_long(argc, argv, 2, bulk ? 256 : 20000), reps = arg_long(argc, argv, 3, 5);
  rep_bytes = (size_t)n << 20;
  pthread_t th;
  if (pthread_create(&th, NULL, server, NULL) != 0) die("pthread_create");
  int port = port_take(&box);
  int s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (s < 0) die("socket");
  nodelay(s);
  struct sockaddr_in a = loopback(port);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
  double samples[64];
  static unsigned char chunk[CHUNK];
  memset(chunk, 'x', sizeof chunk);
  for (long r = -1; r < reps && r < 64; r++) {  // r = -1: warm-up, not recorded
    double t0 = now_s();
    if (!bulk) {
      long rounds = r < 0 ? (n / 10 > WARM_ROUNDS ? n / 10 : WARM_ROUNDS) : n;
      unsigned char b = 'p';
      for (long i = 0; i < rounds; i++) {
        if (send(s, &b, 1, 0) != 1) die("send");
        if (recv(s, &b, 1, 0) != 1) die("recv");
      }
      if (r >= 0) samples[r] = (double)rounds / (now_s() - t0);
    } else {
      for (size_t sent = 0; sent < rep_bytes; sent += CHUNK) send_all(s, chunk, CHUNK);
      unsigned char ack;
      if (recv(s, &ack, 1, 0) != 1) die("recv ack");
      if (r >= 0) samples[r] = (double)n / (now_s() - t0);
    }
  }
  print_samples(samples, reps);
  close(s);
  pthread_join(th, NULL);
  return 0;
}
