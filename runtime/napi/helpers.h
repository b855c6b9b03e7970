// The fixed C++ of the N-API addon, written by hand: argument readers, result
// makers and the intrinsics (peek, peekCString, lastError, getsockoptInt). The
// generated generated/napi/nativesockets.cc includes it once, after the socket
// headers and node_api.h, and after defining the limits and messages both
// backends share (generator/emit/shared/cTypes.ts):
//   NATIVESOCKETS_PEEK_MAX_BYTES      the most bytes one peek copies
//   NATIVESOCKETS_MSG_NOT_BIGINT      NATIVESOCKETS_MSG_OUT_OF_RANGE
//   NATIVESOCKETS_MSG_IS_NULL         NATIVESOCKETS_MSG_LENGTH_NOT_NUMBER
//   NATIVESOCKETS_MSG_LENGTH_RANGE    NATIVESOCKETS_MSG_NOT_TYPED_ARRAY
// The addon's sources hash covers this file.
#ifndef NATIVESOCKETS_HELPERS_H
#define NATIVESOCKETS_HELPERS_H

#if !defined(NATIVESOCKETS_PEEK_MAX_BYTES) || !defined(NATIVESOCKETS_MSG_NOT_BIGINT) || !defined(NATIVESOCKETS_MSG_OUT_OF_RANGE) ||     \
    !defined(NATIVESOCKETS_MSG_IS_NULL) || !defined(NATIVESOCKETS_MSG_LENGTH_NOT_NUMBER) || !defined(NATIVESOCKETS_MSG_LENGTH_RANGE) || \
    !defined(NATIVESOCKETS_MSG_NOT_TYPED_ARRAY)
#error "nativesockets: helpers.h is included by the generated nativesockets.cc, which defines its limits and messages"
#endif

#include <node_api.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

// Captured right after a failed call, before any N-API call can change it;
// per thread because each worker thread calls independently.
static thread_local int lastError = 0;

// Every argument is checked before the C call: JavaScript can pass anything,
// and a wrong type must become a thrown TypeError, never undefined behaviour.
// A helper that refuses an argument throws the JS error and returns false; the
// wrapper then returns nullptr at once. `what` is a literal, so the checks cost
// nothing until one fails.
static inline bool Fail(napi_env env, bool range, const char* what, const std::string& message) {
  std::string text = std::string(what) + " " + message;
  if (range)
    napi_throw_range_error(env, nullptr, text.c_str());
  else
    napi_throw_type_error(env, nullptr, text.c_str());
  return false;
}

// The first n arguments, into the wrapper's stack array; missing ones read as undefined.
static inline bool Args(napi_env env, napi_callback_info info, size_t n, napi_value* argv) {
  size_t argc = n;
  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok;
}

// A JS number, converted as napi_get_value_int32 / _uint32 / _int64 convert it
// (modulo 2^32 for the 32-bit reads, NaN and Infinity as 0), then to the C type.
template <typename T>
static inline bool Int32Arg(napi_env env, napi_value value, const char* what, T* out) {
  int32_t v = 0;
  if (napi_get_value_int32(env, value, &v) != napi_ok) return Fail(env, false, what, "must be a number");
  *out = static_cast<T>(v);
  return true;
}

template <typename T>
static inline bool Uint32Arg(napi_env env, napi_value value, const char* what, T* out) {
  uint32_t v = 0;
  if (napi_get_value_uint32(env, value, &v) != napi_ok) return Fail(env, false, what, "must be a number");
  *out = static_cast<T>(v);
  return true;
}

template <typename T>
static inline bool Int64Arg(napi_env env, napi_value value, const char* what, T* out) {
  int64_t v = 0;
  if (napi_get_value_int64(env, value, &v) != napi_ok) return Fail(env, false, what, "must be a number");
  *out = static_cast<T>(v);
  return true;
}

static inline bool StringArg(napi_env env, napi_value value, const char* what, std::string* out) {
  size_t length;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return Fail(env, false, what, "must be a string");
  out->resize(length);
  return napi_get_value_string_utf8(env, value, &(*out)[0], length + 1, nullptr) == napi_ok;
}

// A typed array's memory, looked up on every call (never cached: a buffer can
// move or be detached between calls). For a void* the C call is told the
// length separately, so only the memory is read: N-API is not asked for the
// array's kind, a chain of type tests in V8. A typed pointer (an int*, a
// socklen_t*) is written without C knowing the array, so an array with fewer
// bytes than one element is refused here. `minBytes` is a constant at each
// call, so only one branch is compiled in.
template <typename T>
static inline bool TypedArrayArg(napi_env env, napi_value value, const char* what, size_t minBytes, T** out) {
  void* data = nullptr;
  // A DataView is refused by name: Bun's napi_is_typedarray and napi_get_typedarray_info accept one.
  bool dataView = false;
  if (napi_is_dataview(env, value, &dataView) != napi_ok || dataView) return Fail(env, false, what, NATIVESOCKETS_MSG_NOT_TYPED_ARRAY);
  if (minBytes == 0) {
    // The data pointer napi_get_typedarray_info returns already includes byte_offset.
    if (napi_get_typedarray_info(env, value, nullptr, nullptr, &data, nullptr, nullptr) != napi_ok) {
      return Fail(env, false, what, NATIVESOCKETS_MSG_NOT_TYPED_ARRAY);
    }
  } else {
    bool typedArray = false;
    size_t bytes = 0;
    // napi_get_buffer_info reads any ArrayBufferView (a DataView too, refused above):
    // its data (byte_offset included) and its length in bytes, in one call.
    if (napi_is_typedarray(env, value, &typedArray) != napi_ok || !typedArray || napi_get_buffer_info(env, value, &data, &bytes) != napi_ok) {
      return Fail(env, false, what, NATIVESOCKETS_MSG_NOT_TYPED_ARRAY);
    }
    if (bytes < minBytes) return Fail(env, true, what, "must hold at least " + std::to_string(minBytes) + " bytes");
  }
  *out = static_cast<T*>(data);
  return true;
}

// A pointer crosses by value as a BigInt (0n is NULL). A number or a string is
// refused: it would be a guess at an address.
static inline bool PointerArg(napi_env env, napi_value value, const char* what, void** out) {
  uint64_t address;
  bool lossless = false;
  if (napi_get_value_bigint_uint64(env, value, &address, &lossless) != napi_ok) return Fail(env, false, what, NATIVESOCKETS_MSG_NOT_BIGINT);
  if (!lossless || static_cast<uint64_t>(static_cast<uintptr_t>(address)) != address) {
    return Fail(env, true, what, NATIVESOCKETS_MSG_OUT_OF_RANGE);
  }
  *out = reinterpret_cast<void*>(static_cast<uintptr_t>(address));
  return true;
}

// C converts a void* to any object pointer implicitly and C++ does not. The
// spec types such parameters void* (struct addrinfo**, char*, struct addrinfo*):
// these convert at the call to whatever pointer type the function declares.
struct VoidPointer {
  void* address;
  template <typename T>
  operator T*() const {
    return static_cast<T*>(address);
  }
};

struct ConstVoidPointer {
  const void* address;
  template <typename T>
  operator const T*() const {
    return static_cast<const T*>(address);
  }
};

static inline napi_value Int32Result(napi_env env, int32_t value) {
  napi_value out;
  return napi_create_int32(env, value, &out) == napi_ok ? out : nullptr;
}

static inline napi_value NumberResult(napi_env env, double value) {
  napi_value out;
  return napi_create_double(env, value, &out) == napi_ok ? out : nullptr;
}

static inline napi_value StringResult(napi_env env, const char* value) {
  napi_value out;
  return napi_create_string_utf8(env, value != nullptr ? value : "", NAPI_AUTO_LENGTH, &out) == napi_ok ? out : nullptr;
}

static inline napi_value PointerResult(napi_env env, const void* value) {
  napi_value out;
  return napi_create_bigint_uint64(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(value)), &out) == napi_ok ? out : nullptr;
}

static inline napi_value UndefinedResult(napi_env env) {
  napi_value out;
  return napi_get_undefined(env, &out) == napi_ok ? out : nullptr;
}
// A copy, never a view: the memory belongs to the C library and may change or
// be freed after this call returns.
static napi_value js_peek(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!Args(env, info, 2, argv)) return nullptr;
  void* address = nullptr;
  if (!PointerArg(env, argv[0], "peek: address", &address)) return nullptr;
  if (address == nullptr) {
    Fail(env, false, "peek: address", NATIVESOCKETS_MSG_IS_NULL);
    return nullptr;
  }
  double length = 0;
  if (napi_get_value_double(env, argv[1], &length) != napi_ok) {
    Fail(env, false, "peek: length", NATIVESOCKETS_MSG_LENGTH_NOT_NUMBER);
    return nullptr;
  }
  // Written so that NaN fails too.
  if (!(length >= 0 && length <= NATIVESOCKETS_PEEK_MAX_BYTES) || std::floor(length) != length) {
    Fail(env, true, "peek: length", NATIVESOCKETS_MSG_LENGTH_RANGE);
    return nullptr;
  }
  size_t bytes = static_cast<size_t>(length);
  void* data;
  napi_value buffer;
  napi_value copy;
  if (napi_create_arraybuffer(env, bytes, &data, &buffer) != napi_ok) return nullptr;
  if (napi_create_typedarray(env, napi_uint8_array, bytes, buffer, 0, &copy) != napi_ok) return nullptr;
  if (bytes > 0) std::memcpy(data, address, bytes);
  return copy;
}

static napi_value js_peekCString(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!Args(env, info, 1, argv)) return nullptr;
  void* address = nullptr;
  if (!PointerArg(env, argv[0], "peekCString: address", &address)) return nullptr;
  return StringResult(env, static_cast<const char*>(address));
}

static napi_value js_lastError(napi_env env, napi_callback_info /* info */) { return Int32Result(env, lastError); }

// getsockopt into an int (getSockOptInt's call): three numbers in, the value out,
// or undefined when getsockopt fails (lastError then holds the error). The
// spec's getsockopt reads its optval and optlen as two typed arrays, which cost
// more per call (~40 ns) than this whole call over a bare Node-API call
// (BENCHMARKS.md: the getSockOptInt rows).
static napi_value js_getsockoptInt(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!Args(env, info, 3, argv)) return nullptr;
#if defined(_WIN32)
  SOCKET fd = 0;
  if (!Int64Arg(env, argv[0], "getsockoptInt: fd", &fd)) return nullptr;
#else
  int fd = 0;
  if (!Int32Arg(env, argv[0], "getsockoptInt: fd", &fd)) return nullptr;
#endif
  int level = 0;
  int optname = 0;
  if (!Int32Arg(env, argv[1], "getsockoptInt: level", &level)) return nullptr;
  if (!Int32Arg(env, argv[2], "getsockoptInt: optname", &optname)) return nullptr;
  int value = 0;
#if defined(_WIN32)
  int length = sizeof value;
  if (getsockopt(fd, level, optname, reinterpret_cast<char*>(&value), &length) == SOCKET_ERROR) {
    lastError = WSAGetLastError();
    return UndefinedResult(env);
  }
#else
  socklen_t length = sizeof value;
  if (getsockopt(fd, level, optname, &value, &length) == -1) {
    lastError = errno;
    return UndefinedResult(env);
  }
#endif
  return Int32Result(env, value);
}

#endif  // NATIVESOCKETS_HELPERS_H
