#include "http/errors.h"

#include <gtest/gtest.h>

namespace gazette::http {
namespace {

TEST(ErrorsTest, MapsEveryKind) {
  EXPECT_EQ(StatusForError(model::ErrorKind::kNotFound), 404);
  EXPECT_EQ(StatusForError(model::ErrorKind::kInvalidInput), 400);
  EXPECT_EQ(StatusForError(model::ErrorKind::kForbidden), 403);
  EXPECT_EQ(StatusForError(model::ErrorKind::kConflict), 409);
  EXPECT_EQ(StatusForError(model::ErrorKind::kIntegrity), 422);
  EXPECT_EQ(StatusForError(model::ErrorKind::kUnavailable), 503);
  EXPECT_EQ(StatusForError(model::ErrorKind::kInternal), 500);
}

TEST(ErrorsTest, ErrorResponseHidesInternalMessages) {
  Response bad = ErrorResponse(model::InvalidInput("must not be empty", "title"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, "title: must not be empty\n");

  Response internal = ErrorResponse(model::Internal("disk path /var/x exploded"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("/var/x"), std::string::npos);
}

}  // namespace
}  // namespace gazette::http
