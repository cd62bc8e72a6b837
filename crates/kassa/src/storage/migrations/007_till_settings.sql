-- Kassa schema: the till's own settings (register id, language, receipt printer, paper). One row;
-- before it is written the till runs on the defaults in `kassa::settings::TillSettings`.
CREATE TABLE till_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    register_id     TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('sv','en')),
    -- 'none', 'network' (raw TCP, target = host[:port]) or 'cups' (target = queue name).
    printer_kind    TEXT NOT NULL CHECK (printer_kind IN ('none','network','cups')),
    printer_target  TEXT NOT NULL DEFAULT '',
    cups_server     TEXT,
    paper_mm        INTEGER NOT NULL CHECK (paper_mm IN (58, 80))
);
