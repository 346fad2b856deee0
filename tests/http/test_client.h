// A tiny blocking HTTP/1.1 client over a raw loopback socket, for tests that
// need exact control of the bytes sent (garbage, oversized lines, keep-alive).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::http::testing {

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercase
  std::string body;

  std::string Header(std::string_view name) const;  // "" when absent
  bool HasHeader(std::string_view name) const;
};

class TestClient {
 public:
  explicit TestClient(uint16_t port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all bytes; false when the connection failed (reset by the server).
  bool Send(std::string_view bytes);
  // Reads one response (no body for HEAD). nullopt on timeout, reset or EOF.
  std::optional<ClientResponse> Read(bool head = false, int timeout_ms = 5000);
  // True when the server closes the connection within `timeout_ms` (EOF or reset).
  bool WaitClosed(int timeout_ms = 5000);

 private:
  // Appends to pending_ what arrives; false on EOF, error or timeout.
  bool Fill(int timeout_ms);

  int fd_ = -1;
  std::string pending_;
};

// "GET <target> HTTP/1.1" with Host and the given extra header lines ("Name: value").
std::string MakeRequest(std::string_view method, std::string_view target,
                        const std::vector<std::string>& headers = {});

// One request on a fresh connection.
std::optional<ClientResponse> Fetch(uint16_t port, std::string_view raw, bool head = false);

// Decompresses gzip data with zlib; nullopt when malformed.
std::optional<std::string> Gunzip(std::string_view data);

}  // namespace gazette::http::testing
