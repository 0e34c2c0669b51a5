// dwh.cfg syntax as configparser users write it: comments after headers and
// values, quoting, and every mistake reported with its line number.
#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "config/ini_document.h"

namespace sparkify::config {
namespace {

std::string error_of(const std::string& text) {
  try {
    IniDocument::parse(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    return error.what();
  }
  return "no error";
}

TEST(IniSyntax, HeaderFollowedByACommentIsAHeader) {
  auto doc = IniDocument::parse("[CLUSTER]   # Redshift or PostgreSQL\nHOST=h\n[S3] ; buckets\nSTAGING=s\n");
  EXPECT_EQ(doc.get("CLUSTER", "HOST"), "h");
  EXPECT_EQ(doc.get("S3", "STAGING"), "s");
}

TEST(IniSyntax, ByteOrderMarkIsSkippedAndKept) {
  const std::string text = "\xEF\xBB\xBF[SPARKIFY]\nTARGET=duckdb:x\n";
  auto doc = IniDocument::parse(text);
  EXPECT_EQ(doc.get("SPARKIFY", "TARGET"), "duckdb:x");
  EXPECT_EQ(doc.text(), text);
}

TEST(IniSyntax, HashOrSemicolonAfterBlankStartsAnInlineComment) {
  auto doc = IniDocument::parse(
      "[SPARKIFY]\nMAX_ERRORS=5  # allow a few\nTARGET = x.duckdb ; comment\n[CLUSTER]\nDB_PASSWORD=   # or "
      "PGPASSWORD\n");
  EXPECT_EQ(doc.get("SPARKIFY", "MAX_ERRORS"), "5");
  EXPECT_EQ(doc.get("SPARKIFY", "TARGET"), "x.duckdb");
  EXPECT_EQ(doc.get("CLUSTER", "DB_PASSWORD"), "");
}

TEST(IniSyntax, HashWithoutBlankBeforeItOrInsideQuotesIsPartOfTheValue) {
  auto doc = IniDocument::parse("[CLUSTER]\nDB_PASSWORD=pa#ss;word\nDB_USER='me # you' # who\nHOST=\"a ;b\"\n");
  EXPECT_EQ(doc.get("CLUSTER", "DB_PASSWORD"), "pa#ss;word");
  EXPECT_EQ(doc.get("CLUSTER", "DB_USER"), "me # you");
  EXPECT_EQ(doc.get("CLUSTER", "HOST"), "a ;b");
}

TEST(IniSyntax, CommentLinesAndCrLfAreIgnored) {
  auto doc = IniDocument::parse("# top\r\n; also\r\n[S3]\r\n  # indented\r\nSTAGING=s3://b\r\n");
  EXPECT_EQ(doc.get("S3", "STAGING"), "s3://b");
}

TEST(IniSyntax, HeaderWithoutClosingBracketNamesItsLine) {
  EXPECT_EQ(error_of("# c\n[CLUSTER\nHOST=x\n"), "dwh.cfg:2: section header '[CLUSTER' has no closing ']'");
}

TEST(IniSyntax, LineWithoutEqualsNamesItsLine) {
  EXPECT_EQ(error_of("[CLUSTER]\nHOST=x\nDB_NAME dwh\n"),
            "dwh.cfg:3: 'DB_NAME dwh' is not KEY = VALUE: add '=', or start the line with # to make it a comment");
}

TEST(IniSyntax, KeyBeforeAnySectionNamesItsLine) {
  EXPECT_EQ(error_of("\nTARGET=duckdb:x\n[SPARKIFY]\n"),
            "dwh.cfg:2: key TARGET comes before any [SECTION] header: move it under one");
}

TEST(IniSyntax, TextAfterHeaderOrClosingQuoteAndUnclosedQuotesAreMistakes) {
  EXPECT_EQ(error_of("[S3] x\n"), "dwh.cfg:1: unexpected text 'x' after the section header: start a comment with #");
  EXPECT_EQ(error_of("[S3]\nSTAGING='s3://b' x\n"),
            "dwh.cfg:2: unexpected text 'x' after the closing quote: put it inside the quotes, or start a comment "
            "with #");
  EXPECT_EQ(error_of("[S3]\nSTAGING='s3://b\n"), "dwh.cfg:2: the value's opening ' has no closing ': close the quote");
}

TEST(IniSyntax, KeysAndSectionsGivenTwiceAreMistakes) {
  EXPECT_EQ(error_of("[S3]\nSTAGING=a\nstaging=b\n"),
            "dwh.cfg:3: staging appears twice in [S3] (first on line 2): keep one");
  EXPECT_EQ(error_of("[S3]\n[AWS]\n[s3]\n"), "dwh.cfg:3: section [s3] appears twice (first on line 1): merge the two");
}

TEST(IniSyntax, SetReplacesOnlyTheValueAndKeepsTheComment) {
  auto doc = IniDocument::parse("[CLUSTER]  # c\nHOST=           # written by infra up\nDB_PORT = 5439 ; port\n");
  doc.set("CLUSTER", "HOST", "dwh.example");
  doc.set("CLUSTER", "DB_PORT", "5440");
  EXPECT_EQ(doc.text(), "[CLUSTER]  # c\nHOST=dwh.example           # written by infra up\nDB_PORT = 5440 ; port\n");
  EXPECT_EQ(IniDocument::parse(doc.text()).get("CLUSTER", "HOST"), "dwh.example");
}

TEST(IniSyntax, SetQuotesAValueThatWouldReadAsAComment) {
  auto doc = IniDocument::parse("[CLUSTER]\nDB_PASSWORD=\n");
  doc.set("CLUSTER", "DB_PASSWORD", "a #b");
  EXPECT_EQ(doc.text(), "[CLUSTER]\nDB_PASSWORD='a #b'\n");
  EXPECT_EQ(IniDocument::parse(doc.text()).get("CLUSTER", "DB_PASSWORD"), "a #b");
}

}  // namespace
}  // namespace sparkify::config
