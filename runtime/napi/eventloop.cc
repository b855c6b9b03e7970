// The N-API addon's event-loop waiter, written by hand (it is not a C function
// of the spec): uv_poll handles on the loop of the calling JS thread
// (napi_get_uv_event_loop), so that the Async variants of the socket procs
// wait for readiness inside Node's event loop without holding any thread.
// The generated addon (generated/napi/nativesockets.cc) calls
// NativeSocketsEventLoopInit from its Init; binding.gyp lists this file.
//
// The JS side (runtime/async/eventLoop.ts) sees handles as small integer ids,
// never as pointers, so nothing it passes can make this code touch freed or
// foreign memory: an unknown id is a RangeError.
//
//   pollCallback(fn)      fn(id, status, events) runs on every readiness event
//   pollOpen(fd) -> id    uv_poll_init_socket; a negative result is a libuv error
//   pollStart(id, events) uv_poll_start (1 readable, 2 writable, 4 disconnect); 0 or a libuv error
//   pollStop(id)          uv_poll_stop
//   pollClose(id)         uv_close; the id is free at once, the memory once libuv is done
//
// Nothing of libuv is touched until JS first uses these functions (Start):
// on Bun and Deno the JS side waits with its own reactor, and their teardown
// of an async cleanup hook differs from Node's (Deno runs it without a V8
// scope, where napi_async_destroy aborts the process, and frees the hook's
// handle itself, where napi_remove_async_cleanup_hook frees it twice). Until
// then only a synchronous cleanup hook that frees the state is registered.
#include <node_api.h>
#include <uv.h>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace {

struct LoopState;

struct Poll {
  uv_poll_t handle;  // first: a uv_poll_t* is a Poll*
  LoopState* state;  // the owner, until libuv has released the handle (OnClose)
  uint32_t id;
  bool closed = false;  // uv_close called: no more events go to JS
};

struct LoopState {
  napi_env env = nullptr;
  bool started = false;  // Start ran: the loop, the async context and the async cleanup hook exist
  uv_loop_t* loop = nullptr;
  napi_ref callback = nullptr;
  napi_async_context context = nullptr;
  napi_ref resource = nullptr;  // the async resource, held strongly for napi_make_callback
  std::unordered_map<uint32_t, Poll*> polls;
  uint32_t nextId = 1;
  // Handles uv_close'd whose OnClose has not run yet: the environment's
  // teardown waits for them, since OnClose is code of this addon, which Node
  // unloads with the last environment that loaded it.
  size_t closing = 0;
  // Set once the environment is being torn down (a worker ending, process exit).
  napi_async_cleanup_hook_handle teardown = nullptr;
};

bool Throw(napi_env env, bool range, const std::string& message) {
  if (range)
    napi_throw_range_error(env, nullptr, message.c_str());
  else
    napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

napi_value Int32(napi_env env, int32_t value) {
  napi_value out;
  return napi_create_int32(env, value, &out) == napi_ok ? out : nullptr;
}

napi_value Undefined(napi_env env) {
  napi_value out;
  return napi_get_undefined(env, &out) == napi_ok ? out : nullptr;
}

void Cleanup(napi_async_cleanup_hook_handle handle, void* data);

// The environment ends before JS used the waiter: nothing of libuv to release.
void FreeUnstarted(void* data) { delete static_cast<LoopState*>(data); }

// The first use: the loop of this thread, the async resource of the poll
// callbacks, and the async cleanup hook that closes the handles at teardown.
bool Start(napi_env env, LoopState* state) {
  if (state->started) return true;
  napi_value resource;
  napi_value name;
  if (napi_get_uv_event_loop(env, &state->loop) != napi_ok || state->loop == nullptr || napi_create_object(env, &resource) != napi_ok ||
      napi_create_reference(env, resource, 1, &state->resource) != napi_ok ||
      napi_create_string_utf8(env, "nativesockets:poll", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, resource, name, &state->context) != napi_ok) {
    if (state->resource != nullptr) napi_delete_reference(env, state->resource);
    state->resource = nullptr;
    return Throw(env, false, "nativesockets: cannot set up the event-loop waiter (napi_get_uv_event_loop, napi_async_init)");
  }
  if (napi_add_async_cleanup_hook(env, Cleanup, state, nullptr) != napi_ok) {
    napi_async_destroy(env, state->context);
    napi_delete_reference(env, state->resource);
    state->context = nullptr;
    state->resource = nullptr;
    return Throw(env, false, "nativesockets: cannot set up the event-loop waiter (napi_add_async_cleanup_hook)");
  }
  napi_remove_env_cleanup_hook(env, FreeUnstarted, state);
  state->started = true;
  return true;
}

bool Args(napi_env env, napi_callback_info info, size_t n, napi_value* argv, LoopState** state) {
  size_t argc = n;
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return false;
  *state = static_cast<LoopState*>(data);
  return Start(env, *state);
}

bool PollArg(napi_env env, LoopState* state, napi_value value, const char* what, Poll** out) {
  uint32_t id = 0;
  if (napi_get_value_uint32(env, value, &id) != napi_ok) return Throw(env, false, std::string(what) + ": id must be a number");
  auto it = state->polls.find(id);
  if (it == state->polls.end()) return Throw(env, true, std::string(what) + ": no open poll handle has id " + std::to_string(id));
  *out = it->second;
  return true;
}

// The arguments of a call whose first argument is a poll handle's id.
bool PollCallArgs(napi_env env, napi_callback_info info, size_t n, napi_value* argv, const char* what, LoopState** state, Poll** poll) {
  return Args(env, info, n, argv, state) && PollArg(env, *state, argv[0], what, poll);
}

void FinishTeardown(LoopState* state) {
  napi_remove_async_cleanup_hook(state->teardown);
  delete state;
}

void OnClose(uv_handle_t* handle) {
  Poll* poll = reinterpret_cast<Poll*>(handle);
  LoopState* state = poll->state;
  delete poll;
  if (--state->closing == 0 && state->teardown != nullptr) FinishTeardown(state);
}

void OnPoll(uv_poll_t* handle, int status, int events) {
  Poll* poll = reinterpret_cast<Poll*>(handle);
  LoopState* state = poll->state;
  if (poll->closed || state->teardown != nullptr || state->callback == nullptr) return;
  napi_env env = state->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback = nullptr;
  // MakeCallback needs an object as the receiver.
  napi_value receiver = nullptr;
  napi_get_global(env, &receiver);
  napi_value argv[3];
  napi_create_uint32(env, poll->id, &argv[0]);
  argv[1] = Int32(env, status);
  argv[2] = Int32(env, events);
  if (napi_get_reference_value(env, state->callback, &callback) == napi_ok && callback != nullptr) {
    napi_value result;
    // MakeCallback: runs the microtasks and nextTicks the callback queued, as for any I/O callback.
    if (napi_make_callback(env, state->context, receiver, callback, 3, argv, &result) == napi_pending_exception) {
      napi_value error;
      if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
    }
  }
  napi_close_handle_scope(env, scope);
}

void ClosePoll(Poll* poll) {
  poll->closed = true;
  poll->state->closing++;
  uv_poll_stop(&poll->handle);
  uv_close(reinterpret_cast<uv_handle_t*>(&poll->handle), OnClose);
}

napi_value PollCallback(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  LoopState* state;
  if (!Args(env, info, 1, argv, &state)) return nullptr;
  napi_valuetype type;
  if (napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function) {
    Throw(env, false, "pollCallback: callback must be a function");
    return nullptr;
  }
  if (state->callback != nullptr) napi_delete_reference(env, state->callback);
  state->callback = nullptr;
  if (napi_create_reference(env, argv[0], 1, &state->callback) != napi_ok) return nullptr;
  return Undefined(env);
}

napi_value PollOpen(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  LoopState* state;
  if (!Args(env, info, 1, argv, &state)) return nullptr;
  int64_t fd = 0;
  if (napi_get_value_int64(env, argv[0], &fd) != napi_ok) {
    Throw(env, false, "pollOpen: fd must be a number");
    return nullptr;
  }
  if (fd < 0) return Int32(env, UV_EBADF);
  Poll* poll = new Poll();
  // uv_poll_init_socket makes the socket non-blocking (libuv does it for every poll handle).
  int rc = uv_poll_init_socket(state->loop, &poll->handle, static_cast<uv_os_sock_t>(fd));
  if (rc != 0) {
    // Never initialised: nothing for libuv to close.
    delete poll;
    return Int32(env, rc);
  }
  uint32_t id = state->nextId;
  while (id == 0 || id > INT32_MAX || state->polls.count(id) != 0) id = id >= INT32_MAX ? 1 : id + 1;
  state->nextId = id >= INT32_MAX ? 1 : id + 1;
  poll->state = state;
  poll->id = id;
  state->polls[id] = poll;
  return Int32(env, static_cast<int32_t>(id));
}

napi_value PollStart(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  LoopState* state;
  Poll* poll;
  if (!PollCallArgs(env, info, 2, argv, "pollStart", &state, &poll)) return nullptr;
  int32_t events = 0;
  if (napi_get_value_int32(env, argv[1], &events) != napi_ok) {
    Throw(env, false, "pollStart: events must be a number");
    return nullptr;
  }
  if (events <= 0 || (events & ~(UV_READABLE | UV_WRITABLE | UV_DISCONNECT)) != 0) {
    Throw(env, true, "pollStart: events must be a non-empty mask of 1 (readable), 2 (writable) and 4 (disconnect)");
    return nullptr;
  }
  return Int32(env, uv_poll_start(&poll->handle, events, OnPoll));
}

napi_value PollStop(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  LoopState* state;
  Poll* poll;
  if (!PollCallArgs(env, info, 1, argv, "pollStop", &state, &poll)) return nullptr;
  return Int32(env, uv_poll_stop(&poll->handle));
}

napi_value PollClose(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  LoopState* state;
  Poll* poll;
  if (!PollCallArgs(env, info, 1, argv, "pollClose", &state, &poll)) return nullptr;
  state->polls.erase(poll->id);
  ClosePoll(poll);
  return Undefined(env);
}

// The environment is going away (a worker ending or terminated, process
// exit): close every handle, pending calls or not. An async cleanup hook, so
// that Node keeps running the loop until every OnClose has run (FinishTeardown):
// the loop may not be closed with a handle open, and the close callbacks must
// run while this addon is still loaded.
void Cleanup(napi_async_cleanup_hook_handle handle, void* data) {
  LoopState* state = static_cast<LoopState*>(data);
  state->teardown = handle;
  for (auto& entry : state->polls) ClosePoll(entry.second);
  state->polls.clear();
  if (state->callback != nullptr) napi_delete_reference(state->env, state->callback);
  if (state->context != nullptr) napi_async_destroy(state->env, state->context);
  if (state->resource != nullptr) napi_delete_reference(state->env, state->resource);
  state->callback = nullptr;
  if (state->closing == 0) FinishTeardown(state);
}

}  // namespace

bool NativeSocketsEventLoopInit(napi_env env, napi_value exports) {
  LoopState* state = new LoopState();
  state->env = env;
  if (napi_add_env_cleanup_hook(env, FreeUnstarted, state) != napi_ok) {
    delete state;
    return false;
  }
  const napi_property_descriptor properties[] = {
      {"pollCallback", nullptr, PollCallback, nullptr, nullptr, nullptr, napi_default_jsproperty, state},
      {"pollOpen", nullptr, PollOpen, nullptr, nullptr, nullptr, napi_default_jsproperty, state},
      {"pollStart", nullptr, PollStart, nullptr, nullptr, nullptr, napi_default_jsproperty, state},
      {"pollStop", nullptr, PollStop, nullptr, nullptr, nullptr, napi_default_jsproperty, state},
      {"pollClose", nullptr, PollClose, nullptr, nullptr, nullptr, napi_default_jsproperty, state},
  };
  return napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) == napi_ok;
}
