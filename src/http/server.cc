#include "http/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <condition_variable>
#include <ctime>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "http/conditional.h"

namespace gazette::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kAllow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
// Bytes read and discarded after an error response, so that closing the
// socket does not reset the connection before the client has read the answer.
constexpr size_t kMaxDrainBytes = 1 << 20;
constexpr auto kDrainTimeout = std::chrono::seconds(1);

class Session;

struct Shared {
  ServerOptions options;
  Handler handler;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable cv;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// The Date header value, formatted at most once per second per thread.
const std::string& CurrentDate() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    cached = FormatHttpDate(now);
  }
  return cached;
}

bool AllowedMethod(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" ||
         m == "OPTIONS";
}

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool ValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == ':') return false;
  }
  return true;
}

bool ValidHeaderValue(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// Headers the server owns; a handler's copies are ignored.
bool ServerOwnedHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "connection") ||
         EqualsIgnoreCase(name, "date") || EqualsIgnoreCase(name, "server") ||
         EqualsIgnoreCase(name, "transfer-encoding") || EqualsIgnoreCase(name, "content-type") ||
         EqualsIgnoreCase(name, "keep-alive");
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? std::string("-") : endpoint.address().to_string();
  }

  ~Session() {
    std::lock_guard lock(shared_->mutex);
    shared_->sessions.erase(this);
    if (shared_->sessions.empty()) shared_->cv.notify_all();
  }

  void Run() {
    {
      std::lock_guard lock(shared_->mutex);
      shared_->sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // Called on the session's strand when the server stops: an idle connection
  // closes now, a busy one after its current response.
  void Shutdown(bool force) {
    stopping_ = true;
    if (idle_ || force) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.socket().close(ec);
    }
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  const ServerOptions& options() const { return shared_->options; }

  void WaitForRequest() {
    if (stopping_ || shared_->stopping) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    idle_ = true;
    stream_.expires_after(served_ == 0 ? options().read_timeout : options().keep_alive_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->idle_ = false;
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    started_ = Clock::now();
    parser_.emplace();
    // The hard cap; the finer request-line and header checks follow in OnHeader.
    parser_->header_limit(static_cast<std::uint32_t>(options().max_request_line_bytes +
                                                     options().max_header_bytes + 64));
    // The largest limit for now: Beast checks Content-Length against it while it parses the
    // header, before OnHeader knows the path; OnHeader then applies the path's own limit.
    parser_->body_limit(std::max(options().max_body_bytes, options().max_upload_bytes));
    stream_.expires_after(options().read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  size_t BodyLimitFor(const std::string& method, std::string_view target) const {
    const std::string& upload = options().upload_path;
    if (upload.empty() || method != "POST") return options().max_body_bytes;
    if (target.substr(0, target.find('?')) != upload) return options().max_body_bytes;
    return std::max(options().max_body_bytes, options().max_upload_bytes);
  }

  // The length of the request line in the buffer, or npos when it is incomplete.
  size_t RequestLineLength() const {
    auto data = buffer_.cdata();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    return text.find("\r\n");
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    auto& req = parser_->get();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    if (req.target().size() > options().max_request_line_bytes) {
      return Reject(414, "Request-URI too long\n");
    }
    size_t header_bytes = 0;
    for (const auto& field : req)
      header_bytes += field.name_string().size() + field.value().size() + 4;
    if (header_bytes > options().max_header_bytes) {
      return Reject(431, "Request header fields too large\n");
    }
    if (req.version() != 10 && req.version() != 11) {
      return Reject(505, "HTTP version not supported\n");
    }
    if (!AllowedMethod(method_)) {
      if (req.method() == bhttp::verb::unknown) return Reject(501, "Method not implemented\n");
      Response r = Response::Text(405, "Method not allowed\n");
      r.headers.emplace_back("Allow", std::string(kAllow));
      return Reject(std::move(r));
    }
    if (req.version() == 11 && req.find(bhttp::field::host) == req.end()) {
      return Reject(400, "Missing Host header\n");
    }
    const size_t body_limit = BodyLimitFor(method_, target_);
    if (auto length = parser_->content_length(); length && *length > body_limit) {
      return Reject(413, "Payload too large\n");
    }
    parser_->body_limit(body_limit);
    if (parser_->is_done()) return Dispatch();
    if (EqualsIgnoreCase(req[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(options().write_timeout);
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = shared_from_this()](beast::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(options().read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->OnReadError(ec);
                        self->Dispatch();
                      });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      size_t line = RequestLineLength();
      bool line_too_long = line == std::string_view::npos
                               ? buffer_.size() > options().max_request_line_bytes
                               : line > options().max_request_line_bytes;
      if (line_too_long) return Reject(414, "Request-URI too long\n");
      return Reject(431, "Request header fields too large\n");
    }
    if (ec == bhttp::error::body_limit) return Reject(413, "Payload too large\n");
    // Any other parse error is the client's fault; socket errors, timeouts and
    // a peer that left in the middle of a message leave nobody to answer.
    bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
    if (parse_error && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return Reject(400, "Bad request\n");
    }
    Close();
  }

  void Reject(int status, std::string message) {
    Reject(Response::Text(status, std::move(message)));
  }

  void Reject(Response response) {
    keep_alive_ = false;
    head_only_ = false;
    response_ = std::move(response);
    Write();
  }

  void Dispatch() {
    auto& req = parser_->get();
    Request request;
    request.method = method_;
    request.target = target_;
    request.remote_address = remote_;
    keep_alive_ = req.keep_alive() && !stopping_ && !shared_->stopping;
    head_only_ = method_ == "HEAD";
    request.headers.reserve(std::distance(req.begin(), req.end()));
    for (const auto& field : req) {
      request.headers.emplace_back(AsciiLower(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(req.body());
    parser_.reset();

    if (method_ == "OPTIONS" && target_ == "*") {
      Response r;
      r.status = 204;
      r.headers.emplace_back("Allow", std::string(kAllow));
      return Reject(std::move(r));
    }
    std::string_view target = target_;
    if (target.empty() || target.front() != '/') {
      return Reject(400, "Request target must be an absolute path\n");
    }
    size_t question = target.find('?');
    std::string_view raw_path = target.substr(0, question);
    if (question != std::string_view::npos)
      request.query = std::string(target.substr(question + 1));
    auto path = DecodePath(raw_path);
    if (!path.ok()) return Reject(400, "Bad request path: " + path.error().message + "\n");
    request.path = std::move(*path);

    Response response;
    try {
      response = shared_->handler(request);
      if (response.status < 100 || response.status > 999) {
        throw std::runtime_error("handler returned status " + std::to_string(response.status));
      }
    } catch (const std::exception& e) {
      spdlog::error("http: handler failed for {} {}: {}", method_, target_, e.what());
      response = Response::Text(500, "Internal server error\n");
    } catch (...) {
      spdlog::error("http: handler failed for {} {}: unknown exception", method_, target_);
      response = Response::Text(500, "Internal server error\n");
    }
    if (options().conditional) ApplyConditional(request, response);
    if (options().compress) ApplyCompression(request, response);
    if (response.close || stopping_ || shared_->stopping) keep_alive_ = false;
    http10_ = req.version() == 10;
    response_ = std::move(response);
    Write();
  }

  void Write() {
    int status = response_.status;
    std::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
    if (reason.empty() || reason == "<unknown-status>") reason = "Status";
    std::string_view body = StatusHasBody(status) ? response_.Body() : std::string_view();
    head_.clear();
    head_.reserve(256);
    head_.append("HTTP/1.1 ").append(std::to_string(status)).append(" ").append(reason);
    head_.append("\r\nServer: Gazette\r\nDate: ").append(CurrentDate()).append("\r\n");
    if (!response_.content_type.empty() && ValidHeaderValue(response_.content_type)) {
      head_.append("Content-Type: ").append(response_.content_type).append("\r\n");
    }
    for (const auto& [name, value] : response_.headers) {
      if (!ValidHeaderName(name) || !ValidHeaderValue(value) || ServerOwnedHeader(name)) {
        spdlog::warn("http: dropped response header {:?}", name);
        continue;
      }
      head_.append(name).append(": ").append(value).append("\r\n");
    }
    if (StatusHasBody(status)) {
      head_.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    if (!keep_alive_) {
      head_.append("Connection: close\r\n");
    } else if (http10_) {
      head_.append("Connection: keep-alive\r\n");
    }
    head_.append("\r\n");
    sent_body_ = head_only_ ? 0 : body.size();
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_),
                                                 asio::buffer(body.data(), sent_body_)};
    stream_.expires_after(options().write_timeout);
    asio::async_write(stream_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->OnWrite(ec);
    });
  }

  void OnWrite(beast::error_code ec) {
    ++served_;
    if (options().access_log) {
      auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
      spdlog::info("{} {} {} {} {} {}us", remote_, method_.empty() ? "-" : method_,
                   target_.empty() ? "-" : target_, response_.status, sent_body_, micros);
    }
    response_ = Response();
    method_.clear();
    target_.clear();
    http10_ = false;
    if (ec) return Close();
    if (!keep_alive_) return DrainAndClose();
    WaitForRequest();
  }

  // Half-closes, then reads and discards what the client still sends (bounded
  // in bytes and time) so that the final close does not reset the connection.
  void DrainAndClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(kDrainTimeout);
    Drain();
  }

  void Drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(16384),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  std::string method_;
  std::string target_;
  std::string head_;
  Response response_;
  Clock::time_point started_ = Clock::now();
  size_t sent_body_ = 0;
  size_t drained_ = 0;
  uint64_t served_ = 0;
  bool idle_ = false;
  bool stopping_ = false;
  bool keep_alive_ = false;
  bool head_only_ = false;
  bool http10_ = false;
};

}  // namespace

struct Server::Impl {
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::atomic<uint16_t> port{0};
  std::mutex state_mutex;
  std::condition_variable state_cv;
  bool started = false;
  bool stopped = false;

  std::vector<std::shared_ptr<Session>> LiveSessions() {
    std::vector<std::shared_ptr<Session>> live;
    std::lock_guard lock(shared->mutex);
    for (auto& [ptr, weak] : shared->sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    return live;
  }

  // True when every session ended within `timeout`.
  bool WaitForSessions(std::chrono::milliseconds timeout) {
    std::unique_lock lock(shared->mutex);
    return shared->cv.wait_for(lock, timeout, [&] { return shared->sessions.empty(); });
  }

  void Accept() {
    acceptor->async_accept(asio::make_strand(ioc),
                           [this](beast::error_code ec, tcp::socket socket) {
                             if (ec == asio::error::operation_aborted || !acceptor->is_open())
                               return;
                             if (!ec && !shared->stopping) {
                               beast::error_code ignored;
                               socket.set_option(tcp::no_delay(true), ignored);
                               std::make_shared<Session>(std::move(socket), shared)->Run();
                             } else if (ec) {
                               // Out of descriptors and similar: keep accepting, the condition may
                               // pass.
                               spdlog::warn("http: accept failed: {}", ec.message());
                             }
                             if (!shared->stopping) Accept();
                           });
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->shared->options = std::move(options);
  impl_->shared->handler = std::move(handler);
}

Server::~Server() { Stop(); }

model::Status Server::Start() {
  std::lock_guard lock(impl_->state_mutex);
  if (impl_->started) return model::Conflict("server already started");
  const ServerOptions& options = impl_->shared->options;
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return model::InvalidInput("bad listen address: " + options.address, "address");
  tcp::endpoint endpoint(address, options.port);
  tcp::acceptor acceptor(asio::make_strand(impl_->ioc));
  auto fail = [&](const char* what) {
    return model::Unavailable(
        fmt::format("cannot {} {}:{}: {}", what, options.address, options.port, ec.message()));
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure");
  acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  impl_->port = acceptor.local_endpoint(ec).port();
  impl_->acceptor.emplace(std::move(acceptor));
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->Accept();
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  for (int i = 0; i < threads; ++i) {
    impl_->threads.emplace_back([this] {
      try {
        impl_->ioc.run();
      } catch (const std::exception& e) {
        spdlog::error("http: event loop failed: {}", e.what());
      }
    });
  }
  impl_->started = true;
  return model::Ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Stop() {
  std::unique_lock lock(impl_->state_mutex);
  if (!impl_->started || impl_->stopped) return;
  Shared& shared = *impl_->shared;
  shared.stopping = true;
  asio::post(impl_->acceptor->get_executor(), [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor->close(ec);
  });
  std::vector<std::shared_ptr<Session>> live = impl_->LiveSessions();
  for (auto& s : live) {
    asio::post(s->executor(), [s] { s->Shutdown(false); });
  }
  live.clear();
  if (!impl_->WaitForSessions(shared.options.shutdown_grace)) {
    // Past the grace period: close whatever is still open.
    for (auto& s : impl_->LiveSessions()) {
      asio::post(s->executor(), [s] { s->Shutdown(true); });
    }
    impl_->WaitForSessions(std::chrono::seconds(1));
  }
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  // No thread runs the loop any more, so the listener can be closed from here
  // even if the posted close never ran.
  beast::error_code ec;
  impl_->acceptor->close(ec);
  impl_->stopped = true;
  impl_->state_cv.notify_all();
}

void Server::Wait() {
  std::unique_lock lock(impl_->state_mutex);
  impl_->state_cv.wait(lock, [&] { return !impl_->started || impl_->stopped; });
}

}  // namespace gazette::http
