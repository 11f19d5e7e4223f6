-- The search index holds at most the first 50,000 characters of a narrative part (SEARCH_TEXT_LIMIT in db/fts.ts):
-- snippet() costs about the square of a row's matches, and one 30 MB part froze every search. The stored
-- sections (report_sections) keep every character.
UPDATE `report_sections_fts` SET `body` = substr(`body`, 1, 50000) WHERE length(`body`) > 50000;
