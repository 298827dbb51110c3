"""French typography the portal writes in more than one place: the elision of « de »."""

from __future__ import annotations

# A word starting with a vowel (or a mute h, as in « heure ») takes « d' »: « d'août »,
# « d'octobre », « d'avril »; every other one « de »: « de novembre ».
_ELIDED = tuple("aàâeéèêëiîïoôuùûüyœh")


def de(word: str) -> str:
    """« de » before `word`, elided before a vowel: de("août 2026") → « d'août 2026 »."""
    word = str(word)
    if word[:1].lower().startswith(_ELIDED):
        return f"d'{word}"
    return f"de {word}"
