"""The Q&A tests' folders mirror assistant/qa/; this file's folder is on sys.path for them.

pytest puts the folder of each conftest.py on sys.path (tests/conftest.py does the same
for tests/fakes.py), so tests in knowledge/, reading/ and answering/ import `qa_kit`.
"""
