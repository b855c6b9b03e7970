// libuv's poll events (uv.h enum uv_poll_event): the readiness masks every
// waiter speaks, libuv's own and the epoll reactor of Bun and Deno alike.
export const UV_READABLE = 1;
export const UV_WRITABLE = 2;
export const UV_DISCONNECT = 4;
