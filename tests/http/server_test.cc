#include "http/server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "http/conditional.h"
#include "http/static_files.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

using testing::ClientResponse;
using testing::Fetch;
using testing::Gunzip;
using testing::MakeRequest;
using testing::TestClient;

const std::string kLastModified = "Sun, 06 Nov 1994 08:49:37 GMT";

std::string BigPage() { return "<html>" + std::string(4000, 'n') + "</html>"; }

Response TestHandler(const Request& request) {
  if (request.path == "/throw") throw std::runtime_error("boom");
  if (request.path == "/slow") {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return Response::Text(200, "slow done");
  }
  if (request.path == "/big") {
    Response r = Response::Html(200, BigPage());
    r.headers.emplace_back("ETag", StrongEtag(r.body));
    r.headers.emplace_back("Last-Modified", kLastModified);
    return r;
  }
  if (request.path == "/echo") {
    return Response::Text(200, request.method + "|" + request.body + "|" + request.QueryParam("q") +
                                   "|" + request.remote_address);
  }
  if (request.path == "/bad-header") {
    Response r = Response::Text(200, "ok");
    r.headers.emplace_back("X-Injected", "a\r\nSet-Cookie: evil=1");
    return r;
  }
  return Response::Text(200, "path=" + request.path + " method=" + request.method);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartWith(ServerOptions{}); }

  void StartWith(ServerOptions options) {
    server_.reset();
    options.access_log = false;
    options.threads = 2;
    server_ = std::make_unique<Server>(std::move(options), TestHandler);
    auto status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.error().ToString();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  // Sends raw bytes on a fresh connection; expects a response and a closed connection.
  ClientResponse Rejected(const std::string& raw) {
    TestClient client(port_);
    EXPECT_TRUE(client.connected());
    client.Send(raw);
    auto r = client.Read();
    EXPECT_TRUE(r.has_value());
    EXPECT_TRUE(client.WaitClosed());
    if (!r) return {};
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_EQ(r->Header("server"), "Gazette");
    return *r;
  }

  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestClient client(port_);
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.Send(MakeRequest("GET", "/n" + std::to_string(i))));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "path=/n" + std::to_string(i) + " method=GET");
    EXPECT_EQ(r->Header("connection"), "");
    EXPECT_EQ(r->Header("server"), "Gazette");
    EXPECT_TRUE(ParseHttpDate(r->Header("date")).has_value());
  }
  // Pipelined requests are answered in order.
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/p1") + MakeRequest("GET", "/p2")));
  EXPECT_EQ(client.Read()->body, "path=/p1 method=GET");
  EXPECT_EQ(client.Read()->body, "path=/p2 method=GET");
}

TEST_F(ServerTest, ConnectionCloseAndHttp10) {
  TestClient close_client(port_);
  close_client.Send(MakeRequest("GET", "/a", {"Connection: close"}));
  auto r = close_client.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(close_client.WaitClosed());

  TestClient old_client(port_);
  old_client.Send("GET /old HTTP/1.0\r\n\r\n");
  auto old = old_client.Read();
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->body, "path=/old method=GET");
  EXPECT_TRUE(old_client.WaitClosed());

  TestClient keep(port_);
  keep.Send("GET /k1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto k1 = keep.Read();
  ASSERT_TRUE(k1.has_value());
  EXPECT_EQ(k1->Header("connection"), "keep-alive");
  keep.Send("GET /k2 HTTP/1.0\r\n\r\n");
  auto k2 = keep.Read();
  ASSERT_TRUE(k2.has_value());
  EXPECT_EQ(k2->body, "path=/k2 method=GET");
}

TEST_F(ServerTest, HeadSendsGetHeadersWithoutBody) {
  auto get = Fetch(port_, MakeRequest("GET", "/big"));
  ASSERT_TRUE(get.has_value());
  TestClient client(port_);
  client.Send(MakeRequest("HEAD", "/big"));
  auto head = client.Read(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->Header("etag"), get->Header("etag"));
  EXPECT_EQ(head->Header("content-type"), "text/html; charset=utf-8");
  // Had a body been sent, this next response would not parse.
  client.Send(MakeRequest("GET", "/after"));
  auto after = client.Read();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->body, "path=/after method=GET");
}

TEST_F(ServerTest, ConditionalRequestsGet304WithoutBody) {
  auto first = Fetch(port_, MakeRequest("GET", "/big"));
  ASSERT_TRUE(first.has_value());
  std::string etag = first->Header("etag");
  ASSERT_EQ(etag, StrongEtag(BigPage()));

  TestClient client(port_);
  client.Send(MakeRequest("GET", "/big", {"If-None-Match: \"zzz\", W/" + etag}));
  auto by_tag = client.Read();
  ASSERT_TRUE(by_tag.has_value());
  EXPECT_EQ(by_tag->status, 304);
  EXPECT_TRUE(by_tag->body.empty());
  EXPECT_FALSE(by_tag->HasHeader("content-length"));
  EXPECT_EQ(by_tag->Header("etag"), etag);

  client.Send(MakeRequest("GET", "/big", {"If-Modified-Since: " + kLastModified}));
  auto by_date = client.Read();
  ASSERT_TRUE(by_date.has_value());
  EXPECT_EQ(by_date->status, 304);

  client.Send(MakeRequest("GET", "/big", {"If-None-Match: \"other\""}));
  auto changed = client.Read();
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, BigPage());

  client.Send(MakeRequest("GET", "/big", {"If-Modified-Since: Sat, 01 Jan 1994 00:00:00 GMT"}));
  EXPECT_EQ(client.Read()->status, 200);
}

TEST_F(ServerTest, GzipWhenAccepted) {
  auto gz = Fetch(port_, MakeRequest("GET", "/big", {"Accept-Encoding: br, gzip;q=0.8"}));
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(gz->Header("content-encoding"), "gzip");
  EXPECT_EQ(gz->Header("vary"), "Accept-Encoding");
  EXPECT_LT(gz->body.size(), BigPage().size());
  EXPECT_EQ(std::stoul(gz->Header("content-length")), gz->body.size());
  auto plain = Gunzip(gz->body);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, BigPage());

  // The gzip ETag revalidates too.
  auto again =
      Fetch(port_, MakeRequest("GET", "/big",
                               {"Accept-Encoding: gzip", "If-None-Match: " + gz->Header("etag")}));
  EXPECT_EQ(again->status, 304);

  auto refused = Fetch(port_, MakeRequest("GET", "/big", {"Accept-Encoding: gzip;q=0"}));
  EXPECT_EQ(refused->Header("content-encoding"), "");
  EXPECT_EQ(refused->body, BigPage());
  auto small = Fetch(port_, MakeRequest("GET", "/small", {"Accept-Encoding: gzip"}));
  EXPECT_EQ(small->Header("content-encoding"), "");
}

TEST_F(ServerTest, MethodsBodiesAndQueries) {
  std::string body = "title=Hello";
  auto post = Fetch(port_, MakeRequest("POST", "/echo?q=caf%C3%A9+noir",
                                       {"Content-Length: " + std::to_string(body.size())}) +
                               body);
  ASSERT_TRUE(post.has_value());
  EXPECT_EQ(post->body, "POST|title=Hello|café noir|127.0.0.1");

  TestClient client(port_);
  client.Send(MakeRequest("PUT", "/echo", {"Content-Length: 3", "Expect: 100-continue"}));
  auto cont = client.Read();
  ASSERT_TRUE(cont.has_value());
  EXPECT_EQ(cont->status, 100);
  client.Send("abc");
  auto put = client.Read();
  ASSERT_TRUE(put.has_value());
  EXPECT_EQ(put->body, "PUT|abc||127.0.0.1");

  auto chunked = Fetch(port_, MakeRequest("PATCH", "/echo", {"Transfer-Encoding: chunked"}) +
                                  "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(chunked->body, "PATCH|abcde||127.0.0.1");

  auto trace = Rejected(MakeRequest("TRACE", "/"));
  EXPECT_EQ(trace.status, 405);
  EXPECT_EQ(trace.Header("allow"), "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  EXPECT_EQ(Rejected(MakeRequest("BREW", "/pot")).status, 501);
  EXPECT_EQ(Rejected(MakeRequest("G@T", "/")).status, 400);
  EXPECT_EQ(Fetch(port_, MakeRequest("DELETE", "/x"))->body, "path=/x method=DELETE");
  EXPECT_EQ(Fetch(port_, MakeRequest("OPTIONS", "/x"))->body, "path=/x method=OPTIONS");
}

TEST_F(ServerTest, OnlyTheUploadPathTakesLargeBodies) {
  ServerOptions options;
  options.max_body_bytes = 1000;
  options.upload_path = "/echo";
  options.max_upload_bytes = 5000;
  StartWith(options);
  auto post = [](const std::string& target, const std::string& body) {
    return MakeRequest("POST", target, {"Content-Length: " + std::to_string(body.size())}) + body;
  };
  const std::string big(4000, 'b');
  auto uploaded = Fetch(port_, post("/echo?x=1", big));
  ASSERT_TRUE(uploaded.has_value());
  EXPECT_EQ(uploaded->status, 200);
  EXPECT_EQ(uploaded->body.rfind("POST|" + big + "|", 0), 0u);
  EXPECT_EQ(Rejected(post("/echo", std::string(6000, 'b'))).status, 413);
  EXPECT_EQ(Rejected(post("/other", big)).status, 413);
  EXPECT_EQ(Rejected(post("/echo/more", big)).status, 413);
  // A chunked body to another path is held to the small limit too.
  EXPECT_EQ(Rejected(MakeRequest("POST", "/other", {"Transfer-Encoding: chunked"}) + "fa0\r\n" +
                     big + "\r\n0\r\n\r\n")
                .status,
            413);
  auto small = Fetch(port_, post("/other", "tiny"));
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->status, 200);
}

TEST_F(ServerTest, MalformedRequestsGet4xxAndClose) {
  std::vector<std::string> huge_headers;
  for (int i = 0; i < 40; ++i)
    huge_headers.push_back("X-Filler-" + std::to_string(i) + ": " + std::string(500, 'h'));
  EXPECT_EQ(Rejected(MakeRequest("GET", "/", huge_headers)).status, 431);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/" + std::string(70000, 'a'))).status, 414);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/" + std::string(400000, 'a'))).status, 414);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/a%zzb")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/a%00b")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/../etc/passwd")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/static/%2e%2e/%2e%2e/etc/passwd")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/static/..%5c..%5cetc")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "/static\\..\\x")).status, 400);
  EXPECT_EQ(Rejected(MakeRequest("GET", "http://example.com/")).status, 400);
  EXPECT_EQ(Rejected("GET / HTTP/1.1\r\n\r\n").status, 400);  // no Host
  EXPECT_EQ(Rejected(MakeRequest("POST", "/echo", {"Content-Length: 2000000"})).status, 413);
  std::string chunk(600 * 1024, 'c');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  EXPECT_EQ(Rejected(MakeRequest("POST", "/echo", {"Transfer-Encoding: chunked"}) + size_line +
                     chunk + "\r\n" + size_line + chunk + "\r\n0\r\n\r\n")
                .status,
            413);
  // The start of a TLS ClientHello, NUL bytes included.
  static constexpr char kTls[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n";
  auto garbage = Rejected(std::string(kTls, sizeof kTls - 1));
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(Rejected("HELLO\r\n\r\n").status, 400);
  EXPECT_GE(Rejected("GET / HTTP/3.7\r\nHost: x\r\n\r\n").status, 400);

  // The server is still healthy afterwards.
  auto ok = Fetch(port_, MakeRequest("GET", "/still-here"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, HandlerExceptionIs500AndLogged) {
  TestClient client(port_);
  client.Send(MakeRequest("GET", "/throw"));
  auto r = client.Read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "Internal server error\n");
  EXPECT_EQ(r->body.find("boom"), std::string::npos);
  client.Send(MakeRequest("GET", "/fine"));
  EXPECT_EQ(client.Read()->status, 200);
}

TEST_F(ServerTest, UnsafeResponseHeadersAreDropped) {
  auto r = Fetch(port_, MakeRequest("GET", "/bad-header"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->HasHeader("x-injected"));
  EXPECT_FALSE(r->HasHeader("set-cookie"));
}

TEST_F(ServerTest, StopWithIdleClientReturnsPromptlyAndClosesEverything) {
  TestClient idle(port_);
  ASSERT_TRUE(idle.connected());
  idle.Send(MakeRequest("GET", "/one"));
  ASSERT_TRUE(idle.Read().has_value());
  auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(idle.WaitClosed(1000));
  TestClient late(port_);
  EXPECT_FALSE(late.connected() && late.Send(MakeRequest("GET", "/")) && late.Read().has_value());
  server_->Wait();  // returns at once after Stop
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopFinishesInFlightRequests) {
  TestClient client(port_);
  client.Send(MakeRequest("GET", "/slow"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::thread stopper([&] { server_->Stop(); });
  auto r = client.Read();
  stopper.join();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->Header("connection"), "close");
}

TEST_F(ServerTest, StartErrors) {
  Server same_port(ServerOptions{.port = port_}, TestHandler);
  auto in_use = same_port.Start();
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().kind, model::ErrorKind::kUnavailable);

  Server bad(ServerOptions{.address = "not an address"}, TestHandler);
  auto bad_status = bad.Start();
  ASSERT_FALSE(bad_status.ok());
  EXPECT_EQ(bad_status.error().kind, model::ErrorKind::kInvalidInput);

  auto twice = server_->Start();
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, model::ErrorKind::kConflict);
}

TEST_F(ServerTest, IdleKeepAliveConnectionTimesOut) {
  ServerOptions options;
  options.keep_alive_timeout = std::chrono::milliseconds(200);
  StartWith(options);
  TestClient client(port_);
  client.Send(MakeRequest("GET", "/x"));
  ASSERT_TRUE(client.Read().has_value());
  EXPECT_TRUE(client.WaitClosed(3000));
}

TEST(ServerStaticTest, StaticFilesThroughTheServer) {
  gazette::testing::TempDir dir;
  gazette::testing::WriteFile(dir.path() / "assets/site.css", "a{}" + std::string(1000, ' '));
  gazette::testing::WriteFile(dir.path() / "secret.txt", "root:x:0:0\n");
  StaticFiles files(dir.path() / "assets");
  Server server(ServerOptions{.access_log = false}, [&](const Request& request) {
    if (request.path.starts_with("/assets/")) {
      return files.Serve(request, std::string_view(request.path).substr(8));
    }
    return Response::Text(404, "no\n");
  });
  ASSERT_TRUE(server.Start().ok());
  uint16_t port = server.port();

  auto css = Fetch(port, MakeRequest("GET", "/assets/site.css"));
  ASSERT_TRUE(css.has_value());
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->Header("content-type"), "text/css; charset=utf-8");
  auto head = Fetch(port, MakeRequest("HEAD", "/assets/site.css"), true);
  EXPECT_EQ(head->Header("content-length"), std::to_string(css->body.size()));
  auto not_modified = Fetch(
      port, MakeRequest("GET", "/assets/site.css", {"If-None-Match: " + css->Header("etag")}));
  EXPECT_EQ(not_modified->status, 304);

  for (const char* attack :
       {"/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/..%2fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd", "/assets//etc/passwd",
        "/assets/..%5csecret.txt", "/assets/%00/../secret.txt"}) {
    TestClient client(port);
    client.Send(MakeRequest("GET", attack));
    auto r = client.Read();
    ASSERT_TRUE(r.has_value()) << attack;
    EXPECT_GE(r->status, 400) << attack;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << attack;
  }
  server.Stop();
}

}  // namespace
}  // namespace gazette::http
