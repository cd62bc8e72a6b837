-- Where the till's control unit is: an XCCSP URL (its password is kept in the OS keyring, not
-- here) or a serial device address. Empty: none chosen (training then uses the built-in
-- simulator, and live selling is refused).
ALTER TABLE till_settings ADD COLUMN control_unit TEXT NOT NULL DEFAULT '';
