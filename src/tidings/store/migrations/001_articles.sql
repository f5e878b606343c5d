-- Articles, failures and full-text search over titles and bodies.
CREATE TABLE articles (
    id                  TEXT PRIMARY KEY,          -- hash of the canonical URL, else of the normalised body
    url                 TEXT,                      -- canonical URL when known
    body_hash           TEXT NOT NULL,             -- hash of the normalised body text
    source              TEXT NOT NULL,             -- path, URL, WARC record or feed item it came from
    kind                TEXT NOT NULL CHECK (kind IN ('html', 'text')),
    outlet              TEXT,
    title               TEXT,
    text                TEXT NOT NULL,             -- body; paragraphs separated by blank lines
    published           TEXT,                      -- ISO date or datetime, or NULL
    published_day       TEXT,                      -- YYYY-MM-DD of published, for range queries
    published_precision TEXT,
    published_from      TEXT,
    authors             TEXT NOT NULL DEFAULT '[]', -- JSON list
    dateline            TEXT,
    wire                TEXT NOT NULL DEFAULT '[]', -- JSON list
    tags                TEXT NOT NULL DEFAULT '[]', -- JSON list
    language            TEXT,
    warnings            TEXT NOT NULL DEFAULT '[]', -- JSON list
    reference_time      TEXT,                      -- when the page was fetched
    words               INTEGER NOT NULL,
    ingested_at         TEXT NOT NULL
);
CREATE INDEX articles_published_day ON articles (published_day);
CREATE INDEX articles_outlet ON articles (outlet, published_day);
CREATE INDEX articles_body_hash ON articles (body_hash);
CREATE INDEX articles_source ON articles (source);

CREATE TABLE failures (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,                       -- the input that failed
    code      TEXT NOT NULL,                       -- short reason code: input, not-a-page, no-article, fetch, warc, feed, …
    reason    TEXT NOT NULL,                       -- one line for people
    failed_at TEXT NOT NULL,
    UNIQUE (source, code)
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'rowid', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
