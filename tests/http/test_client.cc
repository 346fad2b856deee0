#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>

namespace gazette::http::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == Lower(name)) return v;
  }
  return {};
}

bool ClientResponse::HasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == Lower(name)) return true;
  }
  return false;
}

TestClient::TestClient(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TestClient::~TestClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool TestClient::Fill(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, timeout_ms);
  if (ready <= 0) return false;
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  pending_.append(buf, static_cast<size_t>(n));
  return true;
}

std::optional<ClientResponse> TestClient::Read(bool head, int timeout_ms) {
  size_t end;
  while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(timeout_ms)) return std::nullopt;
  }
  std::string head_text = pending_.substr(0, end + 2);
  pending_.erase(0, end + 4);
  ClientResponse r;
  size_t line_end = head_text.find("\r\n");
  std::string status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) return std::nullopt;
  r.status = std::atoi(status_line.c_str() + 9);
  size_t pos = line_end + 2;
  while (pos < head_text.size()) {
    size_t eol = head_text.find("\r\n", pos);
    std::string line = head_text.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t v = colon + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    r.headers.emplace_back(Lower(line.substr(0, colon)), line.substr(v));
  }
  bool no_body = head || r.status == 204 || r.status == 304 || r.status < 200;
  if (no_body) return r;
  if (r.HasHeader("content-length")) {
    size_t length = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    while (pending_.size() < length) {
      if (!Fill(timeout_ms)) return std::nullopt;
    }
    r.body = pending_.substr(0, length);
    pending_.erase(0, length);
  } else {
    while (Fill(timeout_ms)) {
    }
    r.body = std::move(pending_);
    pending_.clear();
  }
  return r;
}

bool TestClient::WaitClosed(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  while (true) {
    int ready = ::poll(&p, 1, timeout_ms);
    if (ready <= 0) return false;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

std::string MakeRequest(std::string_view method, std::string_view target,
                        const std::vector<std::string>& headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
  for (const auto& h : headers) out.append(h).append("\r\n");
  out.append("\r\n");
  return out;
}

std::optional<ClientResponse> Fetch(uint16_t port, std::string_view raw, bool head) {
  TestClient client(port);
  if (!client.connected() || !client.Send(raw)) return std::nullopt;
  return client.Read(head);
}

std::optional<std::string> Gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(chunk, sizeof chunk - zs.avail_out);
  } while (rc != Z_STREAM_END && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace gazette::http::testing
