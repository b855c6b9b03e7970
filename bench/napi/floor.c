// The floors of any Node-API binding: addon functions that read their
// arguments with the fewest Node-API calls a binding can make, call C and
// return its result, with no other check. bench/run.mjs times them against C;
// what they cost over C is the price of the call from JS itself.
//   soType(fd)                    getsockopt(SOL_SOCKET, SO_TYPE): bench/js/sockopt.mjs `floor`
//   send(fd, buf, len, flags)     recv(fd, buf, len, flags)
//   sendto(fd, buf, len, flags, addr, addrlen)
//   recvfrom(fd, buf, len, flags, addr, addrlenBox)   addrlenBox: a Uint32Array(1)
// The last four back the `napi floor` rows of the ping-pong and UDP groups
// (bench/js/common.mjs loadPackage('napi-floor')).
// Built by the Makefile into bench/out/napi_floor.node (`make bench`).
#include <node_api.h>
#include <stdbool.h>
#include <sys/socket.h>

static napi_value so_type(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok) return NULL;
  int v = -1;
  socklen_t len = sizeof v;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) != 0) v = -1;
  napi_value out;
  return napi_create_int32(env, v, &out) == napi_ok ? out : NULL;
}

/* The arguments every byte-moving call takes: fd, a typed array's memory, len, flags. */
struct io_args {
  napi_value argv[6];
  int32_t fd, flags;
  uint32_t len;
  void *buf;
};

static bool read_io_args(napi_env env, napi_callback_info info, size_t argc, struct io_args *a) {
  return napi_get_cb_info(env, info, &argc, a->argv, NULL, NULL) == napi_ok && napi_get_value_int32(env, a->argv[0], &a->fd) == napi_ok &&
         napi_get_typedarray_info(env, a->argv[1], NULL, NULL, &a->buf, NULL, NULL) == napi_ok && napi_get_value_uint32(env, a->argv[2], &a->len) == napi_ok &&
         napi_get_value_int32(env, a->argv[3], &a->flags) == napi_ok;
}

static napi_value int_result(napi_env env, ssize_t r) {
  napi_value out;
  return napi_create_int32(env, (int32_t)r, &out) == napi_ok ? out : NULL;
}

static napi_value bare_send(napi_env env, napi_callback_info info) {
  struct io_args a;
  if (!read_io_args(env, info, 4, &a)) return NULL;
  return int_result(env, send(a.fd, a.buf, a.len, a.flags));
}

static napi_value bare_recv(napi_env env, napi_callback_info info) {
  struct io_args a;
  if (!read_io_args(env, info, 4, &a)) return NULL;
  return int_result(env, recv(a.fd, a.buf, a.len, a.flags));
}

static napi_value bare_sendto(napi_env env, napi_callback_info info) {
  struct io_args a;
  void *addr;
  uint32_t addrlen;
  if (!read_io_args(env, info, 6, &a)) return NULL;
  if (napi_get_typedarray_info(env, a.argv[4], NULL, NULL, &addr, NULL, NULL) != napi_ok) return NULL;
  if (napi_get_value_uint32(env, a.argv[5], &addrlen) != napi_ok) return NULL;
  return int_result(env, sendto(a.fd, a.buf, a.len, a.flags, addr, addrlen));
}

static napi_value bare_recvfrom(napi_env env, napi_callback_info info) {
  struct io_args a;
  void *addr, *addrlen;
  if (!read_io_args(env, info, 6, &a)) return NULL;
  if (napi_get_typedarray_info(env, a.argv[4], NULL, NULL, &addr, NULL, NULL) != napi_ok) return NULL;
  if (napi_get_typedarray_info(env, a.argv[5], NULL, NULL, &addrlen, NULL, NULL) != napi_ok) return NULL;
  return int_result(env, recvfrom(a.fd, a.buf, a.len, a.flags, addr, addrlen));
}

static bool export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok && napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  if (!export_function(env, exports, "soType", so_type) || !export_function(env, exports, "send", bare_send) ||
      !export_function(env, exports, "recv", bare_recv) || !export_function(env, exports, "sendto", bare_sendto) ||
      !export_function(env, exports, "recvfrom", bare_recvfrom))
    return NULL;
  return exports;
}
