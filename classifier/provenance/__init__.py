"""Provenance: is a document a translation, a paraphrase or a syndicated copy, and of what?

Three entry points (:mod:`.api`): score given pairs, find each document's source among
references, or group a corpus into stories and label each document within its story.
"""
