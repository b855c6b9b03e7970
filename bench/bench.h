// Shared by the C baselines of `make bench`: a monotonic clock, a fatal-error
// helper, and the one JSON line each program prints ({"samples":[...]}), which
// bench/run.mjs reads. Every program does the same work as its JS counterpart
// in bench/js/, with the same thread layout.
#ifndef NATIVESOCKETS_BENCH_H
#define NATIVESOCKETS_BENCH_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void die(const char *what) {
  fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
  exit(1);
}

static inline long arg_long(int argc, char **argv, int i, long fallback) { return argc > i ? atol(argv[i]) : fallback; }

static inline void print_samples(const double *samples, long n) {
  printf("{\"samples\":[");
  for (long i = 0; i < n; i++) printf("%s%.6g", i ? "," : "", samples[i]);
  printf("]}\n");
  fflush(stdout);
}

static inline struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static inline int bound_port(int fd) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) die("getsockname");
  return ntohs(a.sin_port);
}

/**
 * With `extra` true, starts a thread that only sleeps: the process is then
 * multi-threaded, as a Node process always is, and Linux takes a reference on
 * the file for every socket call (fdget's shortcut is for single-threaded
 * processes only). The reference rows "C + idle thread" measure that cost.
 */
static void *idle_thread(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static inline void maybe_idle_thread(int extra) {
  pthread_t t;
  if (extra && pthread_create(&t, NULL, idle_thread, NULL) != 0) die("pthread_create");
}

/** The server thread hands its port to the client (main) thread through this. */
struct port_box {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int port;
};

static inline void port_put(struct port_box *b, int port) {
  pthread_mutex_lock(&b->mu);
  b->port = port;
  pthread_cond_signal(&b->cv);
  pthread_mutex_unlock(&b->mu);
}

static inline int port_take(struct port_box *b) {
  pthread_mutex_lock(&b->mu);
  while (b->port < 0) pthread_cond_wait(&b->cv, &b->mu);
  int port = b->port;
  pthread_mutex_unlock(&b->mu);
  return port;
}

#endif
