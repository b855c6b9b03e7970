// The floor of any Node-API binding of getsockopt: an addon function that
// reads the handle (napi_get_cb_info, napi_get_value_int32), calls
// getsockopt(SOL_SOCKET, SO_TYPE) and returns the int, with no other argument
// and no check. bench/js/sockopt.mjs `floor` times it against bench/sockopt.c:
// what it costs over C is the price of the call from JS itself.
// Built by the Makefile into bench/out/napi_floor.node (`make bench`).
#include <node_api.h>
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

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_value fn;
  if (napi_create_function(env, "soType", NAPI_AUTO_LENGTH, so_type, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "soType", fn) != napi_ok) return NULL;
  return exports;
}
