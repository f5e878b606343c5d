-- Stories: wire copies, per-article digests, story clusters with the reason each article
-- joined, merged events (one row per happening, many mentions), and what blocking needs.
ALTER TABLE articles ADD COLUMN summary TEXT;                 -- JSON list of {start, end, sentence}: the lead sentences that carry the news
ALTER TABLE articles ADD COLUMN reading_minutes REAL;         -- words / 238
ALTER TABLE articles ADD COLUMN key_terms TEXT NOT NULL DEFAULT '[]';  -- JSON list of key terms, as tags

CREATE TABLE article_copies (
    article_id  TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,  -- the copy
    original_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,     -- the earliest article it copies
    containment REAL NOT NULL,                    -- share of the shorter text's shingles found in the longer
    similarity  REAL NOT NULL                     -- Jaccard of the two shingle sets
);
CREATE INDEX article_copies_original ON article_copies (original_id);

-- MinHash signatures for finding copies among later articles, by day for the window.
CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    day        TEXT,                              -- publication (else fetch) day; NULL when neither is known
    signature  BLOB NOT NULL
);
CREATE INDEX article_signatures_day ON article_signatures (day);

-- What clustering needs of each article (actors, words, events of its headline and lead).
CREATE TABLE story_docs (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    day        TEXT,
    doc        TEXT NOT NULL                      -- JSON of the StoryDoc
);
CREATE INDEX story_docs_day ON story_docs (day);

CREATE TABLE stories (
    id            TEXT PRIMARY KEY,               -- from the first report's article id: stable for the same members
    title         TEXT,                           -- the most central headline
    summary       TEXT NOT NULL DEFAULT '[]',     -- JSON list of {article, start, end, sentence}
    first_article TEXT NOT NULL,
    first_outlet  TEXT,
    first_seen    TEXT,
    last_seen     TEXT,
    day_start     TEXT,                           -- the days the story's articles span
    day_end       TEXT,
    n_articles    INTEGER NOT NULL,               -- all articles, copies included
    n_originals   INTEGER NOT NULL,               -- a wire copy counts once
    n_outlets     INTEGER NOT NULL,               -- distinct outlets of the originals
    updated_at    TEXT NOT NULL
);
CREATE INDEX stories_day ON stories (day_end DESC, id);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL,
    linked_to  TEXT,                              -- the article it is most strongly linked to, if any
    score      REAL,
    reason     TEXT NOT NULL                      -- why it belongs: "shared actors USA, JPN; headline similarity 0.62; 1 day apart"
);
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE story_actors (
    story_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,                       -- country, person or organisation id
    weight   INTEGER NOT NULL,                    -- in how many of the story's articles the actor leads
    PRIMARY KEY (story_id, actor_id)
) WITHOUT ROWID;
CREATE INDEX story_actors_actor ON story_actors (actor_id, story_id);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,              -- from the earliest mention: stable for the same mentions
    merge_key      TEXT NOT NULL,                 -- type, participants at country level, asserted or not
    type           TEXT NOT NULL,
    mode           TEXT,
    date           TEXT,
    date_precision TEXT,
    date_start     TEXT,
    date_end       TEXT,
    first_seen     TEXT,                          -- when the first report was published (or fetched)
    first_article  TEXT NOT NULL,
    first_outlet   TEXT,
    n_mentions     INTEGER NOT NULL,
    n_articles     INTEGER NOT NULL,              -- distinct original articles: a wire copy counts once
    n_outlets      INTEGER NOT NULL,              -- distinct outlets of those
    story_id       TEXT,                          -- the story of the first report
    asserted       INTEGER NOT NULL,              -- 0 when every mention is negated or hypothetical
    actors         TEXT NOT NULL,                 -- JSON list of participant ids (country level)
    recipients     TEXT NOT NULL,
    evidence       TEXT NOT NULL,                 -- the clearest sentence among the mentions
    score          REAL                           -- PLOVER cooperation (+) / conflict (-) score of type and mode
);
CREATE INDEX events_key ON events (merge_key);
CREATE INDEX events_date ON events (date_start DESC, id);
CREATE INDEX events_story ON events (story_id);

CREATE TABLE event_sides (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    side     TEXT NOT NULL CHECK (side IN ('actor', 'recipient')),
    actor_id TEXT NOT NULL,
    PRIMARY KEY (event_id, side, actor_id)
) WITHOUT ROWID;
CREATE INDEX event_sides_actor ON event_sides (actor_id, event_id);

ALTER TABLE event_mentions ADD COLUMN merge_key TEXT;      -- see events.merge_key
ALTER TABLE event_mentions ADD COLUMN event_id TEXT;       -- the merged event this mention belongs to
CREATE INDEX event_mentions_merge ON event_mentions (merge_key);
CREATE INDEX event_mentions_event ON event_mentions (event_id);
