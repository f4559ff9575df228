"""Decision trees and the walks (the SPEC's troubleshooting sessions) through them.

Pure values and functions only: the document model and its parser
(:mod:`.document`, :mod:`.parsing`), validation and its problems
(:mod:`.validation`, :mod:`.problems`), editing (:mod:`.editing`), trees and
their immutable versions (:mod:`.catalogue`), the walk engine (:mod:`.walks`,
:mod:`.walk_operations`, :mod:`.walk_listing`), exports (:mod:`.portable`,
:mod:`.diagrams`, :mod:`.walk_export`) and analytics (:mod:`.analytics`).
Nothing here reads a clock or a database.
"""
