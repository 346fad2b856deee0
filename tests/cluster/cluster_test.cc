// Cluster mode end to end: one PostgreSQL database, two `gazette serve` nodes and nginx
// balancing them, all on loopback ports chosen at run time. A change published through the
// database shows on every node within a bounded number of short polls; a scheduled article
// is published exactly once; killing a node and a writer mid-burst loses nothing committed.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "model/site_paths.h"
#include "pg_database.h"
#include "process.h"
#include "storage/postgres/postgres_store.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::cluster {
namespace {

using gazette::testing::GazetteBinary;
using gazette::testing::Process;
using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;
using http::testing::Fetch;
using http::testing::MakeRequest;

// A change must show within this many polls, 10 ms apart (the issue asks for under a second).
constexpr int kVisiblePolls = 100;

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string IsoTime(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string ArticleLine(const std::string& id, const std::string& title,
                        const std::string& status = "published",
                        const std::string& published_at = "2024-01-01T00:00:00Z") {
  return R"({"id":")" + id + R"(","title":")" + title +
         R"(","body_html":"<p>Texte</p>","section":"Politique","status":")" + status +
         R"(","published_at":")" + published_at + "\"}\n";
}

bool PageHas(uint16_t port, const std::string& path, const std::string& text) {
  auto page = Fetch(port, MakeRequest("GET", path));
  return page && page->status == 200 && page->body.find(text) != std::string::npos;
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
    if (!std::filesystem::exists(kNginx)) GTEST_SKIP() << "nginx is not installed";
    db_ = std::make_unique<gazette::testing::PgDatabase>(dir_.path().string());
    ASSERT_FALSE(db_->url().empty()) << db_->error();
    site_ = dir_ / "site";
    auto init = Gazette({"init", "--data", site_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
    args.insert(args.begin(), GazetteBinary());
    return gazette::testing::Run(args);
  }

  gazette::testing::CommandResult Import(const std::string& name, const std::string& lines) {
    WriteFile(dir_ / name, lines);
    return Gazette({"import", "--quiet", "--data", site_, "--database", db_->url(), dir_ / name});
  }

  // Starts a node on a free port and returns the port (0 on failure).
  uint16_t StartNode(const std::string& name, std::unique_ptr<Process>& process) {
    const std::string log = dir_ / (name + ".log");
    process = std::make_unique<Process>(
        std::vector<std::string>{GazetteBinary(), "serve", "--data", site_, "--database",
                                 db_->url(), "--listen", "127.0.0.1:0", "--quiet"},
        log);
    const std::string prefix = "http://127.0.0.1:";
    for (int i = 0; i < 400 && process->Running(); ++i) {
      const std::string text = ReadFile(log);
      const auto at = text.find(prefix);
      if (at != std::string::npos && text.find('/', at + prefix.size()) != std::string::npos) {
        return static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << name << " did not start: " << ReadFile(log);
    return 0;
  }

  // nginx in front of the nodes, with its configuration and files in the test's folder.
  uint16_t StartNginx(const std::vector<uint16_t>& nodes) {
    const std::string root = dir_ / "nginx";
    std::filesystem::create_directories(root + "/logs");
    uint16_t port = FreePort();
    std::string upstream;
    for (uint16_t p : nodes) {
      upstream += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=10s;\n";
    }
    WriteFile(root + "/nginx.conf",
              "worker_processes 1;\n"
              "pid " +
                  root +
                  "/nginx.pid;\n"
                  "error_log " +
                  root +
                  "/logs/error.log warn;\n"
                  "events { worker_connections 256; }\n"
                  "http {\n"
                  "  access_log off;\n"
                  "  client_body_temp_path " +
                  root +
                  "/body;\n"
                  "  proxy_temp_path " +
                  root +
                  "/proxy;\n"
                  "  fastcgi_temp_path " +
                  root +
                  "/fastcgi;\n"
                  "  uwsgi_temp_path " +
                  root +
                  "/uwsgi;\n"
                  "  scgi_temp_path " +
                  root +
                  "/scgi;\n"
                  "  upstream gazette {\n" +
                  upstream +
                  "  }\n"
                  "  server {\n"
                  "    listen 127.0.0.1:" +
                  std::to_string(port) +
                  ";\n"
                  "    location / {\n"
                  "      proxy_pass http://gazette;\n"
                  "      proxy_set_header Host $host;\n"
                  "      proxy_next_upstream error timeout http_502 http_503;\n"
                  "      proxy_connect_timeout 2s;\n"
                  "    }\n"
                  "  }\n"
                  "}\n");
    nginx_ = std::make_unique<Process>(
        std::vector<std::string>{kNginx, "-p", root, "-c", root + "/nginx.conf", "-g",
                                 "daemon off;"},
        root + "/logs/stderr.log");
    for (int i = 0; i < 200 && nginx_->Running(); ++i) {
      if (Fetch(port, MakeRequest("GET", "/fr/"))) return port;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "nginx did not start: " << ReadFile(root + "/logs/stderr.log")
                  << ReadFile(root + "/logs/error.log");
    return 0;
  }

  static constexpr const char* kNginx = "/usr/sbin/nginx";
  TempDir dir_;
  std::unique_ptr<gazette::testing::PgDatabase> db_;
  std::string site_;
  std::unique_ptr<Process> nginx_;  // stopped before the nodes (declared after them in tests)
};

TEST_F(ClusterTest, TwoNodesBehindNginx) {
  ASSERT_EQ(Import("v1.jsonl", ArticleLine("c1", "Premiere version")).exit_code, 0);
  std::unique_ptr<Process> node_a, node_b;
  const uint16_t a = StartNode("node-a", node_a);
  const uint16_t b = StartNode("node-b", node_b);
  ASSERT_TRUE(a != 0 && b != 0);
  const uint16_t front = StartNginx({a, b});
  ASSERT_NE(front, 0);

  // Every node caches the home page.
  for (uint16_t port : {a, b, front, front}) {
    EXPECT_TRUE(PageHas(port, "/fr/", "Premiere version")) << "port " << port;
  }

  // Publish a change through the database; it must show everywhere within the poll bound.
  // The commit is the import's last step: time from its exit (an upper bound on the commit).
  ASSERT_EQ(Import("v2.jsonl", ArticleLine("c1", "Seconde version")).exit_code, 0);
  auto published_at = std::chrono::steady_clock::now();
  int polls = 0;
  bool on_b = false, on_front = false;
  while (polls < kVisiblePolls && !(on_b && on_front)) {
    on_b = on_b || PageHas(b, "/fr/", "Seconde version");
    on_front = on_front || (PageHas(front, "/fr/", "Seconde version") &&
                            PageHas(front, "/fr/", "Seconde version"));
    if (!(on_b && on_front)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ++polls;
  }
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - published_at);
  std::cout << "publish-to-visible on node B and through nginx: " << latency.count() << " ms ("
            << polls << " polls)\n";
  RecordProperty("publish_to_visible_ms", static_cast<int>(latency.count()));
  EXPECT_TRUE(on_b) << "node B still shows the old page after " << polls << " polls";
  EXPECT_TRUE(on_front) << "nginx still shows the old page after " << polls << " polls";

  // Search reads the index that the import wrote in the article's transaction: every node,
  // and nginx in front of them, finds the new title and no longer the old one.
  for (uint16_t port : {a, b, front, front}) {
    EXPECT_TRUE(PageHas(port, "/fr/search.json?q=seconde", "\"total\":1")) << "port " << port;
    EXPECT_TRUE(PageHas(port, "/fr/search.json?q=premiere", "\"total\":0")) << "port " << port;
    EXPECT_TRUE(PageHas(port, "/fr/search?q=Seconde+version", "<mark>Seconde</mark>"))
        << "port " << port;
  }

  // A scheduled article comes due while both nodes run their schedulers.
  const std::string due = IsoTime(std::time(nullptr) + 2);
  ASSERT_EQ(Import("s.jsonl", ArticleLine("s1", "Article programme", "scheduled", due)).exit_code,
            0);
  bool live = false;
  for (int i = 0; i < 300 && !live; ++i) {  // the schedulers run every 5 s
    live = PageHas(front, "/fr/", "Article programme");
    if (!live) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(live) << "the scheduled article was not published";
  {
    auto store = storage::postgres::OpenPostgresStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto article = (*store)->FindArticleByExternalId("s1");
    ASSERT_TRUE(article.ok() && article->has_value());
    EXPECT_EQ((*article)->status, model::ArticleStatus::kPublished);
    // Give the other node's scheduler a round to (wrongly) publish it again.
    std::this_thread::sleep_for(std::chrono::milliseconds(5500));
    auto revisions = (*store)->ListRevisions((*article)->id);
    ASSERT_TRUE(revisions.ok());
    int by_scheduler = 0;
    for (const auto& r : *revisions) by_scheduler += r.saved_by == "scheduler";
    EXPECT_EQ(by_scheduler, 1) << "published once across the cluster";
  }

  // A burst of writes; node A and the writer are killed in the middle of it.
  ASSERT_EQ(Gazette({"generate", "--count", "3000", "--out", dir_ / "burst.jsonl"}).exit_code, 0);
  {
    Process writer({GazetteBinary(), "import", "--quiet", "--data", site_, "--database", db_->url(),
                    dir_ / "burst.jsonl"},
                   dir_ / "writer.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    node_a->Kill(SIGKILL);
    writer.Kill(SIGKILL);
    writer.Wait();
    node_a->Wait();
  }
  auto store = storage::postgres::OpenPostgresStore(db_->url());
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  storage::ArticleQuery q;
  q.edition = "fr";
  q.published_only = false;
  auto count = (*store)->CountArticles(q);
  ASSERT_TRUE(count.ok());
  // c1 and s1, plus whole import batches only: no half-written batch or article.
  EXPECT_EQ((*count - 2) % 1000, 0) << "got " << *count;
  auto scanned = (*store)->ScanArticles(0, 10000);
  ASSERT_TRUE(scanned.ok());
  for (const auto& article : *scanned) {
    auto revisions = (*store)->ListRevisions(article.id);
    ASSERT_TRUE(revisions.ok());
    EXPECT_EQ(static_cast<int>(revisions->size()), article.revision) << article.external_id;
  }
  // The same import again completes the burst; node B (through nginx) serves throughout.
  auto resumed = Gazette(
      {"import", "--quiet", "--data", site_, "--database", db_->url(), dir_ / "burst.jsonl"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(*(*store)->CountArticles(q), 3002);
  auto c1 = (*store)->FindArticleByExternalId("c1");
  ASSERT_TRUE(c1.ok() && c1->has_value());
  auto sections = (*store)->ListSections("fr");
  ASSERT_TRUE(sections.ok());
  std::string path;
  for (const auto& section : *sections) {
    if (section.id == (*c1)->section_id) path = model::ArticlePath("fr", section.path, (*c1)->slug);
  }
  ASSERT_FALSE(path.empty());
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(PageHas(front, path, "Seconde version")) << "nginx fails over to node B: " << path;
  }
  EXPECT_TRUE(PageHas(b, path, "Seconde version"));

  nginx_.reset();
  node_b->Kill(SIGTERM);
  EXPECT_EQ(node_b->Wait(), 0);
}

}  // namespace
}  // namespace gazette::cluster
