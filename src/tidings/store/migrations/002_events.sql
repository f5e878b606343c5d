-- Coded events: dictionary actors, where articles name them, event mentions with their
-- participants, and which coder version coded each article.
CREATE TABLE actors (
    id       TEXT PRIMARY KEY,                     -- "JPN", "UN", "sanae-takaichi"
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,                        -- country, organisation, person
    country  TEXT,                                 -- ISO alpha-3; a country's own code for a country
    wikidata TEXT
);

CREATE TABLE actor_mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,                   -- character offsets into articles.text
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,                      -- the words as written ("the Japanese Prime Minister")
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    how        TEXT NOT NULL,                      -- how it was recognised: name, title, surname, country, organisation
    role       TEXT,                               -- office held on the article's date
    PRIMARY KEY (article_id, start)
) WITHOUT ROWID;
CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id, article_id);

CREATE TABLE event_mentions (
    id             TEXT PRIMARY KEY,               -- EventMention.id: hash of article, offsets, trigger and type
    article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type           TEXT NOT NULL CHECK (type IN (
                       'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
                       'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT')),
    mode           TEXT,                           -- PLOVER mode within the type, when coded
    date           TEXT,                           -- event date as coded: day, week's Monday, YYYY-MM or YYYY
    date_precision TEXT CHECK (date_precision IN ('day', 'week', 'month', 'year')),
    date_from      TEXT,                           -- how the date was resolved
    date_start     TEXT,                           -- first ISO day the date covers; NULL when date is NULL
    date_end       TEXT,                           -- last ISO day the date covers ("2025-10" -> 2025-10-31)
    location       TEXT,
    location_from  TEXT,
    sentence       TEXT NOT NULL,                  -- evidence: the sentence that reports the event
    start          INTEGER NOT NULL,               -- character offsets of the sentence in the coded text
    end            INTEGER NOT NULL,
    trigger        TEXT NOT NULL,                  -- the word that triggered the event
    line           INTEGER,                        -- 1-based input line, for sentence-per-line input
    quote          TEXT,                           -- the quoted words, for statements
    speaker_id     TEXT REFERENCES actors (id),    -- who said so, for reported speech; NULL when unknown to the dictionary
    speaker_name   TEXT,                           -- NULL when there is no speaker
    speaker_kind   TEXT,
    speaker_country TEXT,
    speaker_role   TEXT,
    negated        INTEGER NOT NULL CHECK (negated IN (0, 1)),
    hypothetical   INTEGER NOT NULL CHECK (hypothetical IN (0, 1)),
    intent         INTEGER NOT NULL CHECK (intent IN (0, 1)),  -- promised or planned, not done
    confidence     REAL NOT NULL,
    cameo          TEXT,                           -- CAMEO code from the crosswalk, for export
    quad_class     TEXT,
    actor_text     TEXT NOT NULL,                  -- the words the actors were coded from
    recipient_text TEXT,
    coded_at       TEXT NOT NULL
);
CREATE INDEX event_mentions_article ON event_mentions (article_id, start);
-- The page order: newest event date first, undated last.
CREATE INDEX event_mentions_date ON event_mentions (date_start DESC, article_id, start);
-- The filters of an event looked up by id, so that checking a list of participant matches
-- (and counting them) never reads the wide rows.
CREATE INDEX event_mentions_filter ON event_mentions (id, negated, hypothetical, type, date_start, date_end, article_id, start);
CREATE INDEX event_mentions_type ON event_mentions (type, date_start, date_end, negated, hypothetical);

CREATE TABLE event_participants (
    event_id TEXT NOT NULL REFERENCES event_mentions (id) ON DELETE CASCADE,
    side     TEXT NOT NULL CHECK (side IN ('actor', 'recipient')),
    position INTEGER NOT NULL,                     -- order within its side, from 0
    actor_id TEXT REFERENCES actors (id),          -- NULL when the dictionary does not know the actor
    name     TEXT NOT NULL,                        -- as coded: the dictionary name, else the words of the text
    kind     TEXT NOT NULL,                        -- person, country, organisation, or other
    country  TEXT,                                 -- ISO alpha-3: a person's country matches queries for it
    role     TEXT,                                 -- office held on the event's date
    PRIMARY KEY (event_id, side, position)
) WITHOUT ROWID;
CREATE INDEX event_participants_actor ON event_participants (actor_id, side, event_id);
CREATE INDEX event_participants_country ON event_participants (country, side, event_id);

CREATE TABLE coded_articles (
    article_id    TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    coder_version TEXT NOT NULL,                   -- a new version re-codes every article coded by another
    coded_at      TEXT NOT NULL,
    events        INTEGER NOT NULL,                -- event mentions stored for the article
    skipped       TEXT,                            -- why the article was not coded ("language de"); NULL when coded
    warnings      TEXT NOT NULL DEFAULT '[]'       -- JSON list
);
CREATE INDEX coded_articles_version ON coded_articles (coder_version);
