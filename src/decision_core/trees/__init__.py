"""Decision trees and the troubleshooting sessions that walk them.

Pure values and functions only: the document model and its parser
(:mod:`.document`, :mod:`.parsing`), validation (:mod:`.validation`), trees and
their immutable versions (:mod:`.catalogue`), the walk engine
(:mod:`.walks`), exports (:mod:`.tree_export`, :mod:`.session_export`) and
analytics (:mod:`.analytics`). Nothing here reads a clock or a database.
"""
