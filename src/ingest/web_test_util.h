// Helpers for the web-input tests: a collecting sink, gzip and WARC builders.
#ifndef DYAD_INGEST_WEB_TEST_UTIL_H_
#define DYAD_INGEST_WEB_TEST_UTIL_H_

#include <zlib.h>

#include <cstdio>
#include <string>
#include <vector>

#include "dyad/reader.h"

namespace dyad::testing {

struct CollectSink : DocSink {
  std::vector<RawDoc> docs;
  std::vector<std::pair<std::string, Status>> rejects;
  std::vector<std::pair<std::string, std::string>> skips;
  bool Accept(RawDoc doc) override {
    docs.push_back(std::move(doc));
    return true;
  }
  void Reject(const std::string& where, const Status& why) override {
    rejects.emplace_back(where, why);
  }
  void Skip(const std::string& where, std::string_view reason) override {
    skips.emplace_back(where, std::string(reason));
  }
  int SkipCount(const std::string& reason) const {
    int n = 0;
    for (const auto& s : skips) n += s.second == reason;
    return n;
  }
  std::string AllRejects() const {
    std::string out;
    for (const auto& r : rejects) out += r.first + " | " + r.second.ToString() + "\n";
    return out;
  }
};

// One gzip member holding `data`.
inline std::string GzipMember(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A WARC record with the given type, target URI, content type and block.
inline std::string WarcRecord(const std::string& type, const std::string& uri,
                              const std::string& content_type, const std::string& block,
                              long long declared_length = -1) {
  std::string h = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
  if (!uri.empty()) h += "WARC-Target-URI: " + uri + "\r\n";
  h += "WARC-Date: 2019-11-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0000>\r\n";
  if (!content_type.empty()) h += "Content-Type: " + content_type + "\r\n";
  h += "Content-Length: " +
       std::to_string(declared_length >= 0 ? declared_length
                                           : static_cast<long long>(block.size())) +
       "\r\n\r\n";
  return h + block + "\r\n\r\n";
}

// An HTTP response record around an HTML page.
inline std::string HttpResponse(const std::string& body, int status = 200,
                                const std::string& content_type = "text/html; charset=utf-8",
                                const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Type: " + content_type + "\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A news page with boilerplate around `n` article paragraphs.
inline std::string NewsPage(const std::string& title, int n, const std::string& extra_head = "") {
  std::string p;
  for (int i = 0; i < n; ++i) {
    p += "<p>Paragraph " + std::to_string(i) +
         " of the story: officials in the capital said on Tuesday that talks, which began last "
         "week, would continue, according to a statement released by the ministry.</p>\n";
  }
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " | The Daily Example</title>" + extra_head +
         "</head><body><header class=\"site-header\"><nav><a href=\"/\">Home</a> <a "
         "href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav></header>"
         "<main><article><h1>" + title + "</h1><div class=\"byline\">By Jane Doe</div>"
         "<div class=\"article-body\">" + p +
         "<h2>What comes next</h2><p>The next round of talks is planned for March, a "
         "spokesman said, adding that no date had been fixed yet.</p></div>"
         "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a>"
         "</div></article><aside class=\"related\"><h3>Related stories</h3><ul><li><a "
         "href=\"/a\">Another story about something else entirely</a></li><li><a "
         "href=\"/b\">Yet another story</a></li></ul></aside><section id=\"comments\"><p>Great "
         "article, thanks for writing it, I really enjoyed reading this one.</p></section>"
         "</main><footer><p>Copyright 2019 The Daily Example. All rights reserved.</p>"
         "</footer></body></html>";
}

}  // namespace dyad::testing

#endif  // DYAD_INGEST_WEB_TEST_UTIL_H_
