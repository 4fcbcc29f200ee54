"""The collection: many plans in one SQLite database, queried and audited together, and served.

- `db`: the schema, its migrations, Vietnamese folding for full-text search, số ký hiệu keys;
- `index`: `kehoach index PATH... --db FILE` (re-extracts only what changed);
- `query`: `kehoach tasks`, `kehoach cites`, `kehoach units` (table, JSON, CSV);
- `audit`: the same document cited differently across plans (`kehoach audit --db FILE`);
- `api`: the collection page and the read-only JSON API that `kehoach serve --db FILE` mounts.
"""
