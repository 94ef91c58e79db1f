"""The index on disk: what goes in (schema, documents), how it lies there, writing, searchers.

`TalkIndex` is the one owner of an index directory: it builds and updates the Whoosh index
from a Library and the annotation texts, heals or rebuilds it when it is damaged, and hands
out one searcher per thread. `schema.py` says what goes into a document, `store.py` how the
generations lie on disk and who may write, `write.py` does the writing, `searchers.py` the
per-thread searchers, `proc.py` runs a sync in a child process (so Whoosh never holds the
GUI's GIL), and `vocabulary.py` keeps every unstemmed word for did-you-mean and prefixes.
`fields.py` is the one registry of a talk's searchable fields, exported whole: the schema,
the query side in core/search and the vocabulary all read it.
"""

from __future__ import annotations

from confbrowser.core.index import fields
from confbrowser.core.index.proc import close_child, sync_in_child
from confbrowser.core.index.schema import (
    PREFIX_CHARS,
    PREFIX_FIELD,
    plain_words,
    query_words,
    talk_fields,
    unique_talks,
)
from confbrowser.core.index.talkindex import (
    SCHEMA_VERSION,
    Error,
    IndexBusyError,
    IndexUnavailableError,
    SyncReport,
    TalkIndex,
    markdown_to_text,
)
from confbrowser.core.index.vocabulary import WORD_PATTERN, Vocabulary, distinct_words, stem

__all__ = [
    "WORD_PATTERN",
    "PREFIX_CHARS",
    "PREFIX_FIELD",
    "SCHEMA_VERSION",
    "Error",
    "IndexBusyError",
    "IndexUnavailableError",
    "SyncReport",
    "TalkIndex",
    "Vocabulary",
    "close_child",
    "distinct_words",
    "fields",
    "markdown_to_text",
    "plain_words",
    "query_words",
    "stem",
    "sync_in_child",
    "talk_fields",
    "unique_talks",
]
