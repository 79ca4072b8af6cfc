-- The spaceship demo database at revision 7a4e2b9c1d05, as 'alembic upgrade 7a4e2b9c1d05 --sql' prints it
-- for SQLite. tests/demo checks that it equals what a live Alembic run produces.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 3d1f0c6a9b21

CREATE TABLE engine (
    id INTEGER NOT NULL, 
    title VARCHAR(128), 
    thrust INTEGER, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('3d1f0c6a9b21');

-- Running upgrade 3d1f0c6a9b21 -> 7a4e2b9c1d05

ALTER TABLE engine ADD COLUMN last_fired DATETIME;

UPDATE alembic_version SET version_num='7a4e2b9c1d05' WHERE alembic_version.version_num = '3d1f0c6a9b21';

