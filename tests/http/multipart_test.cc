#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette::http {
namespace {

using model::ErrorKind;

constexpr char kType[] = "multipart/form-data; boundary=----XyZ";

std::string Body(const std::string& parts) { return parts + "------XyZ--\r\n"; }

std::string Field(const std::string& name, const std::string& value) {
  return "------XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
         "\r\n";
}

std::string File(const std::string& name, const std::string& filename, const std::string& data) {
  return "------XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" +
         filename + "\"\r\nContent-Type: image/jpeg\r\n\r\n" + data + "\r\n";
}

TEST(MultipartTest, FieldsAndABinaryFile) {
  // Line ends, NUL and a boundary not preceded by CRLF are data.
  const std::string data = std::string("\xff\xd8\r\n\0\r\nx------XyZ\r\n-----XyZ", 27) + "\r\n--";
  const std::string body = Body(Field("csrf", "token") + File("file", "Photo été.jpg", data) +
                                Field("alt", "A\r\nB") + Field("csrf", "second"));
  auto parsed = ParseMultipart(kType, body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed->parts.size(), 4u);
  const auto fields = parsed->Fields();
  EXPECT_EQ(fields.at("csrf"), "token");  // the first wins
  EXPECT_EQ(fields.at("alt"), "A\r\nB");
  EXPECT_EQ(fields.count("file"), 0u);
  const FormPart* file = parsed->File("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "Photo été.jpg");
  EXPECT_EQ(file->content_type, "image/jpeg");
  EXPECT_EQ(file->body, data);
  EXPECT_EQ(parsed->File("alt"), nullptr);
}

TEST(MultipartTest, QuotedBoundaryPreambleEmptyFileAndEpilogue) {
  const std::string body =
      "preamble to ignore\r\n" + Body(File("file", "", "") + Field("empty", "")) + "epilogue";
  auto parsed = ParseMultipart("Multipart/Form-Data; charset=utf-8; boundary=\"----XyZ\"", body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed->parts.size(), 2u);
  EXPECT_TRUE(parsed->parts[0].is_file);
  EXPECT_EQ(parsed->parts[0].filename, "");
  EXPECT_EQ(parsed->parts[0].body, "");
  EXPECT_EQ(parsed->Fields().at("empty"), "");
}

TEST(MultipartTest, EscapedQuotesInNames) {
  const std::string body =
      "------XyZ\r\ncontent-disposition: form-data; name=\"a\\\"b\"; filename=\"x;y.png\"\r\n\r\n"
      "1\r\n------XyZ--";
  auto parsed = ParseMultipart(kType, body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->parts[0].name, "a\"b");
  EXPECT_EQ(parsed->parts[0].filename, "x;y.png");
}

TEST(MultipartTest, MalformedBodiesAreRefused) {
  struct Case {
    std::string type;
    std::string body;
    std::string reason;
  };
  const std::string ok = Body(Field("a", "1"));
  const std::vector<Case> cases = {
      {"application/x-www-form-urlencoded", "a=1", "multipart/form-data"},
      {"multipart/form-data", ok, "boundary"},
      {"multipart/form-data; boundary=", ok, "boundary"},
      {"multipart/form-data; boundary=\"----XyZ", ok, "multipart"},
      {std::string("multipart/form-data; boundary=") + std::string(71, 'b'), ok, "boundary"},
      {kType, "", "no boundary"},
      {kType, "a=1&b=2", "no boundary"},
      {kType, "------XyZ", "malformed after a boundary"},
      {kType, "------XyZjunk\r\n", "malformed after a boundary"},
      {kType, Field("a", "1"), "closing boundary"},
      {kType, "------XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n", "unterminated"},
      {kType, Body("------XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n"), "Content-Disposition"},
      {kType, Body("------XyZ\r\n\r\n1\r\n"), "Content-Disposition"},
      {kType, Body("------XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n"),
       "not form-data"},
      {kType, Body("------XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n"), "no name"},
      {kType, Body("------XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n"),
       "not form-data"},
      {kType, Body("------XyZ\r\nno colon here\r\n\r\n1\r\n"), "malformed header"},
      {kType, "------XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n------XyZ",
       "malformed after a boundary"},
      {kType, "------XyZ\r\n" + std::string(9000, 'h') + "\r\n\r\n", "unterminated"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseMultipart(c.type, c.body);
    ASSERT_FALSE(parsed.ok()) << c.type << " | " << c.body.substr(0, 80);
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(parsed.error().message.find(c.reason), std::string::npos)
        << parsed.error().message << " | " << c.body.substr(0, 80);
  }
}

TEST(MultipartTest, TooManyParts) {
  std::string parts;
  for (int i = 0; i < 5; ++i) parts += Field("f" + std::to_string(i), "v");
  EXPECT_TRUE(ParseMultipart(kType, Body(parts), 5).ok());
  auto refused = ParseMultipart(kType, Body(parts), 4);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("too many parts"), std::string::npos);
}

}  // namespace
}  // namespace gazette::http
