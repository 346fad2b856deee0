#include "storage/sqlite/schema.h"

namespace gazette::storage::sqlite {

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "content model", R"sql(
CREATE TABLE editions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  locale TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  edition TEXT NOT NULL REFERENCES editions(code) ON UPDATE CASCADE,
  parent_id INTEGER REFERENCES sections(id),
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  path TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (edition, path)
);
CREATE INDEX sections_parent ON sections(parent_id);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  edition TEXT NOT NULL REFERENCES editions(code) ON UPDATE CASCADE,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  UNIQUE (edition, slug)
);
CREATE INDEX tags_name ON tags(edition, name);

CREATE TABLE authors (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  bio TEXT NOT NULL DEFAULT ''
);
CREATE INDEX authors_name ON authors(name);

CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  alt TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  mime_type TEXT NOT NULL DEFAULT '',
  rendition_widths TEXT NOT NULL DEFAULT ''
);

CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  external_id TEXT UNIQUE,
  edition TEXT NOT NULL REFERENCES editions(code) ON UPDATE CASCADE,
  translation_group INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  seo_title TEXT NOT NULL DEFAULT '',
  social_title TEXT NOT NULL DEFAULT '',
  slug TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  section_id INTEGER NOT NULL REFERENCES sections(id),
  source TEXT NOT NULL DEFAULT '',
  image_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','review','scheduled','published','unpublished')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  scheduled_at INTEGER,
  revision INTEGER NOT NULL DEFAULT 0,
  UNIQUE (edition, slug)
);
CREATE INDEX articles_listing ON articles(edition, status, published_at DESC, id DESC);
CREATE INDEX articles_section ON articles(section_id, status, published_at DESC);
CREATE INDEX articles_group ON articles(translation_group);
CREATE INDEX articles_due ON articles(status, published_at);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);

CREATE TABLE article_authors (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, author_id)
) WITHOUT ROWID;
CREATE INDEX article_authors_author ON article_authors(author_id, article_id);

CREATE TABLE revisions (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  saved_at INTEGER NOT NULL,
  saved_by TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body_html TEXT NOT NULL,
  PRIMARY KEY (article_id, number)
);

CREATE TABLE redirects (
  from_path TEXT PRIMARY KEY,
  to_path TEXT NOT NULL
);
CREATE INDEX redirects_to ON redirects(to_path);

CREATE TABLE placements (
  edition TEXT NOT NULL,
  slot TEXT NOT NULL,
  position INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (edition, slot, position)
);

CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  edition TEXT NOT NULL DEFAULT '',
  article_id INTEGER NOT NULL DEFAULT 0,
  translation_group INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
)sql"},
      {2, "integrity reports", R"sql(
CREATE TABLE article_integrity (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  protected_items INTEGER NOT NULL DEFAULT 0,
  kept INTEGER NOT NULL DEFAULT 0,
  missing INTEGER NOT NULL DEFAULT 0,
  duplicated INTEGER NOT NULL DEFAULT 0,
  altered INTEGER NOT NULL DEFAULT 0,
  numbers_source INTEGER NOT NULL DEFAULT 0,
  numbers_translation INTEGER NOT NULL DEFAULT 0,
  dates_source INTEGER NOT NULL DEFAULT 0,
  dates_translation INTEGER NOT NULL DEFAULT 0,
  issues TEXT NOT NULL DEFAULT '',
  machine_translation TEXT NOT NULL DEFAULT '',
  checked_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))
);
)sql"},
      {3, "newsroom sessions and audit log", R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  article_id INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_article ON audit_log(article_id, id);

CREATE INDEX revisions_first_saver ON revisions(saved_by) WHERE number = 1;
)sql"},
      {4, "login throttling", R"sql(
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
);
CREATE INDEX login_failures_first ON login_failures(first_at);
)sql"},
      {5, "who is editing which article", R"sql(
CREATE TABLE article_editing (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (article_id, username)
);
)sql"},
      // The full-text tables (one per language, created on first use) become external-content
      // tables over search_source, keyed by search_docs.key, with their vocabulary in
      // search_terms (tbl: the table's name; docs: how many documents were indexed with the
      // term, removals not subtracted). The store drops the old tables and rebuilds the index
      // when it finds a search_rebuild row.
      {6, "search index keyed by publication time, text stored once", R"sql(
CREATE TABLE search_docs (
  key INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL UNIQUE,
  edition TEXT NOT NULL,
  section_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  published_at INTEGER
);
CREATE VIEW search_source AS
  SELECT d.key AS key, gazette_search_text(a.title) AS title,
         gazette_search_text(a.lead) AS lead, gazette_search_html(a.body_html) AS body
  FROM search_docs d JOIN articles a ON a.id = d.article_id;
CREATE TABLE search_terms (
  tbl TEXT NOT NULL,
  term TEXT NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (tbl, term)
) WITHOUT ROWID;
CREATE TABLE search_rebuild (reason TEXT NOT NULL);
INSERT INTO search_rebuild (reason) VALUES ('schema');
)sql"},
      // Which articles show an image: the media library's "used by" list, the refusal to
      // delete an image in use, and the pages to evict when an image's words change.
      {7, "articles by main image", R"sql(
CREATE INDEX IF NOT EXISTS articles_image ON articles(image_id) WHERE image_id IS NOT NULL;
)sql"},
      // A revision's body_html may be NULL: it is then the article's current body, which the
      // newest revision (and any older one with the same text) would otherwise store a second
      // time. Before an article's body changes, the store copies it into those revisions.
      // SQLite cannot drop a NOT NULL constraint, so the table is rebuilt; existing copies of
      // the current body become NULL on the way.
      {8, "revisions refer to the article's current body", R"sql(
CREATE TABLE revisions_new (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  saved_at INTEGER NOT NULL,
  saved_by TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body_html TEXT,
  PRIMARY KEY (article_id, number)
);
INSERT INTO revisions_new (article_id, number, saved_at, saved_by, title, lead, body_html)
  SELECT r.article_id, r.number, r.saved_at, r.saved_by, r.title, r.lead,
         CASE WHEN r.body_html = a.body_html THEN NULL ELSE r.body_html END
  FROM revisions r LEFT JOIN articles a ON a.id = r.article_id;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_first_saver ON revisions(saved_by) WHERE number = 1;
)sql"},
  };
  return kMigrations;
}

}  // namespace gazette::storage::sqlite
