"""A fitted matcher's life after ``fit``: brought up to date without a refit, saved, and
loaded again (:class:`~bridge_match.matcher.Matcher`'s methods, kept apart from learning and
ranking). The methods use the Matcher's own (``_fitted``, ``_adopt``, ``_weights``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Self

from sklearn.base import BaseEstimator

from bridge_match.collector import gc_paused
from bridge_match.index import Changes, FittedIndex, compare, planned, splice
from bridge_match.models import ExpertProfile
from bridge_match.organisations import Organisations
from bridge_match.rules import Rules

if TYPE_CHECKING:
    from bridge_match.persist import SavedModel, Stamp

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: how far a long fit or batch has got, for a progress bar."""
REFIT_CHANGED = 0.10
REFIT_UNKNOWN = 0.05


class Lifecycle(BaseEstimator):
    """A fitted matcher's life after :meth:`Matcher.fit`: brought up to date without a refit,
    saved, and loaded again (:class:`Matcher`'s methods, kept apart from learning and ranking)."""

    def update(
        self,
        profiles: Sequence[ExpertProfile] = (),
        remove: Iterable[str] = (),
        progress: Progress | None = None,
    ) -> Self:
        """Add or replace ``profiles`` (matched by id) and drop the ``remove`` ids, without a
        refit: only the given profiles are analysed, with the fitted vocabulary and idf.

        Rows stay in id order, so results equal a fit's except that idf and vocabulary are the
        fit's: terms new since then are ignored. :attr:`refit_advised` says when that drift
        matters (see docs/performance.md).

        Parameters
        ----------
        profiles:
            New or changed experts.
        remove:
            Ids of experts to drop.
        progress:
            As for :meth:`fit`.

        Returns
        -------
        Matcher
            ``self``, updated.

        Raises
        ------
        DataError
            An id given twice, an unknown id to remove, an id both given and removed, or an
            update that would remove every expert.
        NotFittedError
            Before :meth:`fit`.
        """
        index = self._fitted()
        change = planned(index, self.profiles_, profiles, remove)
        with gc_paused():
            return self._spliced(index, change, progress)

    def _spliced(
        self, index: FittedIndex, change: Changes, progress: Progress | None = None
    ) -> Self:
        embed = None
        if index.embeddings is not None:
            embed = functools.partial(self._embeddings, progress=progress)
        self._adopt(*splice(index, change, self._rows(change.fresh), embed, progress))
        return self

    @property
    def refit_advised(self) -> bool:
        """True once updates changed more than 10 % of the experts fitted on, or more than 5 % of
        the updated profiles' term occurrences were unknown to the vocabulary: idf and
        vocabulary then describe the collection worse than a refit would."""
        index = self._fitted()
        return (
            index.changed_since_fit > REFIT_CHANGED * index.n_fitted
            or index.unknown_share > REFIT_UNKNOWN
        )

    def save(self, path: str | Path) -> Path:
        """Write the fitted index to a model folder, without pickle (:mod:`bridge_match.persist`).

        Returns
        -------
        Path
            The model folder.

        Raises
        ------
        DataError
            The folder holds files bridge-match did not write.
        ModelError
            The folder cannot be written (the model there before is left whole).
        """
        from bridge_match.persist import save_model

        return save_model(self._fitted(), self._saved_params(), path)

    def _saved_params(self) -> dict[str, object]:
        """What shaped the index, as the model's manifest records it."""
        unsaved = ("rules", "glossary", "organisations", "embedding_store")
        return {k: v for k, v in self.get_params().items() if k not in unsaved}

    @classmethod
    def load(
        cls,
        path: str | Path,
        profiles: Sequence[ExpertProfile],
        rules: Rules | Literal["default"] | None = "default",
        changes: Literal["refuse", "update"] = "refuse",
        organisations: Organisations | Literal["default"] | None = "default",
        version: str | None = None,
        trusted: dict[str, Stamp] | None = None,
        embedding_store: str | Path | None = None,
    ) -> Self:
        """A fitted matcher from a saved model, for these profiles.

        Parameters
        ----------
        path:
            The model folder.
        profiles:
            The profiles to rank; normally those the model was fitted on.
        rules:
            Boost rules, as in ``Matcher(rules=...)``.
        changes:
            When the profiles changed since the fit: ``"refuse"`` raises
            :class:`~bridge_match.persist.StaleModelError`; ``"update"`` applies the added,
            changed and removed profiles to the saved index (:meth:`update`).
        organisations:
            The organisation table, as in ``Matcher(organisations=...)`` (never saved).
        version, trusted:
            Which saved version, and the stamps of files checked before
            (:func:`bridge_match.persist.load_index`).
        embedding_store:
            As in ``Matcher(embedding_store=...)``: where an update finds the embeddings of
            profiles encoded before.

        Returns
        -------
        Matcher
            Fitted.

        Raises
        ------
        StaleModelError
            The glossary changed since the fit, or the profiles did and ``changes="refuse"``.
        ModelError
            No model there, one from another version, or a damaged or edited one.
        """
        from bridge_match.persist import StaleModelError, load_index

        with gc_paused():
            saved = load_index(path, version, trusted)
            matcher = cls(
                rules=rules,
                organisations=organisations,
                embedding_store=embedding_store,
                **saved.params,
            )
            if matcher.semantic_weight > 0 and saved.index.embeddings is None:
                from bridge_match.errors import ModelError

                raise ModelError(f"the model in {path} has no embeddings; run `bridge-match fit`")
            change = compare(saved.index, profiles)
            if change.none:
                matcher._adopt(saved.index, change.ordered)
                return matcher
            if changes == "refuse":
                raise StaleModelError.of(change, path)
            return matcher._spliced(saved.index, change)

    @classmethod
    def from_index(
        cls,
        saved: SavedModel,
        profiles: Sequence[ExpertProfile],
        rules: Rules | Literal["default"] | None = "default",
        organisations: Organisations | Literal["default"] | None = "default",
    ) -> Self:
        """A fitted matcher from a loaded index whose profiles the caller holds (a workspace's
        snapshot): ``profiles`` in the index's row order, by id, read only where a row is shown.

        Parameters
        ----------
        saved:
            The loaded index (:func:`bridge_match.persist.load_index`).
        profiles:
            Its profiles, row by row (a lazy sequence will do).
        rules, organisations:
            As in ``Matcher(...)``.

        Returns
        -------
        Matcher
            Fitted.
        """
        matcher = cls(rules=rules, organisations=organisations, **saved.params)
        matcher._adopt(saved.index, profiles)
        return matcher
