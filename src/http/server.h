// The HTTP/1.1 server: a listener and async sessions on a pool of threads
// running one event loop. It enforces limits and timeouts, keeps connections
// alive, validates and decodes the request target, then calls one Handler.
//
// Before the handler: malformed requests get 400, an oversized request line
// 414, oversized headers 431, an oversized body 413, an unsupported HTTP
// version 505, a method the server knows but does not route (TRACE, CONNECT,
// ...) 405 with Allow, an unknown method 501; these close the connection.
// GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS reach the handler; HEAD is
// passed as "HEAD" and answered with the headers of the handler's response
// (Content-Length included) and no body.
//
// After the handler: ApplyConditional and ApplyCompression (http/conditional.h)
// when enabled; Server: Gazette, Date, Content-Length and Connection headers.
// A handler that throws gets 500 with a plain message, and the error is logged.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "http/message.h"
#include "model/result.h"

namespace gazette::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 picks a free port; see Server::port()
  int threads = 2;    // 0 means one per hardware thread
  // The request target alone: large enough for a search of 10,000 percent-encoded
  // characters, which gets a page that says what happened rather than a 414.
  size_t max_request_line_bytes = 64 << 10;
  size_t max_header_bytes = 16 << 10;  // all header fields together
  size_t max_body_bytes = 1 << 20;
  // POSTs to this path (the query aside) may carry bodies up to max_upload_bytes instead of
  // max_body_bytes: the admin's image upload. Empty: no such path.
  std::string upload_path = "";
  size_t max_upload_bytes = 0;
  std::chrono::milliseconds read_timeout{15000};        // to receive a whole request
  std::chrono::milliseconds keep_alive_timeout{30000};  // idle time between requests
  std::chrono::milliseconds write_timeout{30000};
  std::chrono::milliseconds shutdown_grace{5000};  // Stop() waits this long for in-flight work
  bool access_log = true;                          // one spdlog info line per request
  bool conditional = true;                         // apply ApplyConditional to handler responses
  bool compress = true;                            // apply ApplyCompression to handler responses
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  // Stops the server if it is running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. kInvalidInput for a bad address,
  // kUnavailable when the address cannot be bound (in use, no permission),
  // kConflict when already started.
  model::Status Start();
  // The bound port (the chosen one when options.port was 0); 0 before Start.
  uint16_t port() const;
  // Graceful stop: closes the listener, closes idle connections, lets requests
  // in progress finish (up to shutdown_grace), then stops and joins every
  // thread. Idempotent. Must not be called from a handler.
  void Stop();
  // Blocks until Stop() has completed (returns at once if never started).
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::http
