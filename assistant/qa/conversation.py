"""The old name of the per-session chat state; see `assistant.qa.dialogue.DialogueState`."""

from assistant.qa.dialogue import Conversation, DialogueState, Turn

__all__ = ["Conversation", "DialogueState", "Turn"]
