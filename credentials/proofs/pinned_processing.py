"""pyld, minus the work it repeats for every document signed with the same pinned contexts.

Profiling `canonicalize_rdfc10` on an Open Badges credential showed most of the time spent
on results that depend only on the pinned contexts, never on the document:

1. **Type-scoped contexts processed afresh on every node.** A type-scoped context does not
   propagate, so pyld first clones the active context (to remember the one to revert to).
   The clone has no ``_uuid``, gets a new one, and so misses pyld's own cache of processed
   contexts: every ``AchievementCredential``, ``Achievement``, ``Profile`` ... node re-ran
   the term definitions of its scoped context. `CachingJsonLdProcessor` makes that clone
   once per active context, so pyld's cache hits from the second document on.
2. **Scoped contexts re-keyed on every use.** pyld keys an inline context by its JSON
   canonical form (JCS), recomputed each time the context is met. `PinnedContextResolver`
   remembers the resolution of each context object that lives inside a pinned document
   (those objects never change and live as long as the process), by object identity.
3. **Expanding twice.** ``normalize`` expands its input again even when it is the output
   of our own strict expansion; `CachingJsonLdProcessor.normalize_expanded` skips that.

Everything else (term definition, expansion, RDF conversion, RDFC-1.0 labelling) is pyld's
own code, and a property test compares the result with plain pyld on varied documents.
The caches live per thread: pyld's resolved-context objects carry LRU caches that are not
safe to share between threads.
"""

from __future__ import annotations

import threading
from typing import Any, cast

from frozendict import frozendict
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from credentials.proofs.document_loader import DocumentLoader, is_pinned_context_object

_MAX_ENTRIES = 256
_MAX_IRIS = 4096


class BoundedCache(dict[Any, Any]):
    """A dict emptied when full, so hostile input (many distinct contexts) cannot grow it."""

    def __init__(self, max_entries: int = _MAX_ENTRIES) -> None:
        super().__init__()
        self.max_entries = max_entries

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.max_entries and key not in self:
            self.clear()
        super().__setitem__(key, value)


class PinnedContextResolver(ContextResolver):  # type: ignore[misc]
    """pyld's resolver, remembering what each context object of a pinned document resolves to.

    Only objects inside the pinned documents qualify (`is_pinned_context_object`): they are
    never modified and never freed, so their identity is a sound key. A document's own
    inline contexts go through pyld's keying unchanged.
    """

    def __init__(
        self, shared_cache: dict[Any, Any], loader: DocumentLoader, by_object: BoundedCache
    ) -> None:
        super().__init__(shared_cache, loader)
        self._by_object = by_object

    def resolve(self, active_ctx: Any, context: Any, base: Any, cycles: Any = None) -> Any:
        if not is_pinned_context_object(context):
            return super().resolve(active_ctx, context, base, cycles)
        resolved = self._by_object.get(id(context))
        if resolved is None:
            resolved = super().resolve(active_ctx, context, base, cycles)
            self._by_object[id(context)] = resolved
        return resolved


class CachingJsonLdProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """A pyld processor whose non-propagating contexts hit pyld's processed-context cache."""

    def __init__(self, state: ProcessingState, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._reverting = state.reverting
        self._iris = state.iris

    def _expand_iri(
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        defined: Any = None,
    ) -> Any:
        """pyld's IRI expansion, remembered per frozen active context outside context
        processing (where it is a pure function of the context and its arguments)."""
        if local_ctx is not None or defined is not None or not isinstance(active_ctx, frozendict):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        entry = self._iris.get(id(active_ctx))
        if entry is None or entry[0] is not active_ctx:
            entry = self._iris[id(active_ctx)] = (active_ctx, BoundedCache(_MAX_IRIS))
        key = (value, base, vocab)
        try:
            return entry[1][key]
        except KeyError:
            expanded = entry[1][key] = super()._expand_iri(active_ctx, value, base, vocab)
            return expanded
        except TypeError:  # an unhashable value: pyld returns it unchanged or fails itself
            return super()._expand_iri(active_ctx, value, base, vocab)

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        if not propagate and self._stable_clone_applies(active_ctx, local_ctx):
            active_ctx = self._reverting_clone(active_ctx)
        return super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
            cycles=cycles,
        )

    @staticmethod
    def _stable_clone_applies(active_ctx: Any, local_ctx: Any) -> bool:
        """When pyld itself would clone (not yet reverting, no ``@propagate`` override), for
        a scoped context of a pinned document; anything else is left to pyld as it is."""
        return (
            isinstance(local_ctx, dict)
            and "@propagate" not in local_ctx
            and "@context" not in local_ctx
            and is_pinned_context_object(local_ctx)
            and not active_ctx.get("previousContext")
            and "_uuid" in active_ctx
        )

    def _reverting_clone(self, active_ctx: Any) -> Any:
        """The clone pyld makes before a non-propagating context, once per active context."""
        key = active_ctx["_uuid"]
        clone = self._reverting.get(key)
        if clone is None or clone["previousContext"] is not active_ctx:
            clone = self._clone_active_context(active_ctx)
            clone["previousContext"] = active_ctx
            self._reverting[key] = clone
        return clone

    def normalize_expanded(self, expanded: list[Any], options: dict[str, Any]) -> str:
        """``normalize`` of a document that is already expanded, without expanding it again."""
        return cast(str, self.normalize(expanded, options | {_ALREADY_EXPANDED: True}))

    def expand(self, input_: Any, options: Any) -> Any:
        if options and options.get(_ALREADY_EXPANDED):
            return input_
        return super().expand(input_, options)


_ALREADY_EXPANDED = "accredoAlreadyExpanded"


class ProcessingState:
    """One thread's caches: resolved contexts, resolutions by pinned object, reverting clones,
    IRI expansions by active context."""

    def __init__(self) -> None:
        self.resolved = BoundedCache()
        self.by_object = BoundedCache()
        self.reverting = BoundedCache()
        self.iris = BoundedCache()

    def resolver(self, loader: DocumentLoader) -> PinnedContextResolver:
        return PinnedContextResolver(self.resolved, loader, self.by_object)


_per_thread = threading.local()


def thread_state() -> ProcessingState:
    """The calling thread's caches (pyld writes an entry and reads it back within one call;
    a cache shared between threads could be emptied by another thread in between)."""
    state = getattr(_per_thread, "state", None)
    if state is None:
        state = _per_thread.state = ProcessingState()
    return cast(ProcessingState, state)
