-- Indexes for serving the API and the pages from a large store (measured by `tidings bench serve`
-- on 100,000 articles and 300,000 event mentions).

-- Articles newest first (ties by id), so that a page walks an index instead of sorting the
-- table; by outlet as people type it (any case); and what lists of mentions, stories and
-- roles read of an article, so that they never walk past its text to reach its dates.
CREATE INDEX articles_newest ON articles (published_day DESC, id);
CREATE INDEX articles_outlet_nocase ON articles (outlet COLLATE NOCASE, published_day DESC, id);
CREATE INDEX articles_heading ON articles (id, published, reference_time, published_day, outlet, title);

-- Merged events newest first with the columns filters test, so that a page of events walks
-- this index alone until it is full; the filter columns by themselves for counting; and
-- each event's filter columns by id, for counting the events of an actor.
CREATE INDEX events_newest ON events (date_start DESC, first_seen, id, asserted, type, n_outlets, date_end, story_id);
CREATE INDEX events_filters ON events (asserted, type, n_outlets, date_end, date_start);
CREATE INDEX events_by_id ON events (id, asserted, type, n_outlets, date_start, date_end, story_id);

-- A person's events: merged events name a person's country on their sides, so a person is
-- found through the participants of the mentions; no one else needs this path.
CREATE INDEX event_participants_person ON event_participants (actor_id, event_id) WHERE kind = 'person';

-- The offices an actor held, as its mentions give them (most mentions give none).
CREATE INDEX actor_mentions_role ON actor_mentions (actor_id, role, article_id) WHERE role IS NOT NULL;
