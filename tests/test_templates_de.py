"""The bundled templates in German: the same plans, every word written in German."""

from __future__ import annotations

from mutualplan.domain.templates import load_templates
from mutualplan.paths import templates_dir


def test_each_template_has_a_german_twin_with_the_same_shape() -> None:
    english = load_templates(templates_dir())
    german = load_templates(templates_dir("de"))
    assert len(german) == len(english) == 3
    for en, de in zip(english, german, strict=True):
        assert de.path is not None and en.path is not None and de.path.name == en.path.name
        assert de.name != en.name and de.description != en.description
        assert len(de.milestones) == len(en.milestones)
        for m_en, m_de in zip(en.milestones, de.milestones, strict=True):
            shape = ("side", "lead_days", "before_target_days", "depends_on")
            assert [getattr(m_de, k) for k in shape] == [getattr(m_en, k) for k in shape]
            assert len(m_de.actions) == len(m_en.actions)
            # Written in German: no text left as it was in English.
            for words in ("title", "exit_criteria", "phase"):
                if getattr(m_en, words):
                    assert getattr(m_de, words) != getattr(m_en, words)
            assert not set(m_de.actions) & set(m_en.actions)
