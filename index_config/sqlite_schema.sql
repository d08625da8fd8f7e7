-- Embedded store schema (SQLite 3.38+ with FTS5 and R*Tree).
-- Version 6 (2: last_seen; 3: contentless FTS5 with the indexed topics kept
-- here; 4: documents in their own table; 5: name keys ignore accents; 6: the
-- text index holds Ø, Ł, ß... as o, l, ss). The store writes `schema_version`
-- into meta. Versions 3, 4 and 5 are upgraded in place (store/sqlite/connections.py, MIGRATIONS); files written with any
-- other version are refused and need a rebuild.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per listing: what the search engine needs without parsing JSON.
CREATE TABLE IF NOT EXISTS listings (
    rowid      INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    name_key   TEXT NOT NULL,          -- casefolded name for sorting
    facts      BLOB NOT NULL,          -- packed value bits (see valuespace.py)
    fee_low    REAL,                   -- least per-session fee incl. sliding scale
    last_seen  INTEGER,                -- proleptic ordinal of the day last seen
    topics     TEXT NOT NULL DEFAULT '', -- the topics text as indexed (FTS deletes need it)
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS listings_by_name ON listings (name_key, id);

-- Each listing's JSON document, under the listing's rowid. Kept apart because
-- snapshots read every listing's facts and the name index is built from
-- every row: with 1.5 KB documents inline, both read the whole file (at 2M
-- listings 4.8 GB instead of a few hundred MB).
CREATE TABLE IF NOT EXISTS listing_docs (
    rowid INTEGER PRIMARY KEY,
    doc   TEXT NOT NULL
);
CREATE VIEW IF NOT EXISTS listings_with_docs AS
    SELECT l.rowid AS rowid, l.id, l.name_key, l.topics, d.doc
    FROM listings l JOIN listing_docs d ON d.rowid = l.rowid;

-- Locations: location id = listing rowid * 64 + position, so a listing's
-- locations are one id range. Exact coordinates ride along as auxiliary
-- columns because R*Tree boxes are stored as 32-bit floats.
CREATE VIRTUAL TABLE IF NOT EXISTS location_rtree USING rtree (
    id, min_lat, max_lat, min_lon, max_lon,
    +listing INTEGER, +lat REAL, +lon REAL
);

-- Free text: name, description and the labels of specialties and approaches.
-- Query-time synonym expansion happens in the application (store/query.py).
-- Contentless: the text already lives in `doc` (and `topics`), so the index
-- stores no second copy; a delete passes the indexed values back (write.py).
-- The application folds the letters unicode61 keeps (Ø, Ł, ß... as o, l, ss;
-- rows.indexed_text) in the text and in queries alike.
CREATE VIRTUAL TABLE IF NOT EXISTS listing_text USING fts5 (
    name, description, topics,
    content = '',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
