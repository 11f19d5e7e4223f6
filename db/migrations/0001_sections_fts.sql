-- Full-text search over the narrative sections. The trigram tokenizer matches any Chinese substring of 3+
-- characters without a word segmenter. One row per report and part (overview, problems, other).
CREATE VIRTUAL TABLE `report_sections_fts` USING fts5(`body`, `report_id` UNINDEXED, `part` UNINDEXED, tokenize = 'trigram');
