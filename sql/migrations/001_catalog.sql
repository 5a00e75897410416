-- 001: regions, departments, service items: the service catalogue (API.md section 2).
-- Regions are reference data every install has (GB/T 2260 codes; zones by NBS codes).
-- materials, form and windows are JSON documents validated by the admin app before they are
-- written; the catalogue reads an item's guide in one query plus one for parallel departments.

CREATE TABLE regions (
  code        CHAR(6)      NOT NULL PRIMARY KEY,
  name        VARCHAR(64)  NOT NULL,
  level       ENUM('city','county','district','zone') NOT NULL,
  parent_code CHAR(6)      NULL,
  sort        INT          NOT NULL DEFAULT 0,
  CONSTRAINT fk_regions_parent FOREIGN KEY (parent_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO regions (code, name, level, parent_code, sort) VALUES
  ('370500', '东营市', 'city', NULL, 0),
  ('370502', '东营区', 'district', '370500', 1),
  ('370503', '河口区', 'district', '370500', 2),
  ('370505', '垦利区', 'district', '370500', 3),
  ('370522', '利津县', 'county', '370500', 4),
  ('370523', '广饶县', 'county', '370500', 5),
  ('370571', '东营经济技术开发区', 'zone', '370500', 6),
  ('370572', '东营港经济开发区', 'zone', '370500', 7);

CREATE TABLE departments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  region_code CHAR(6)      NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_departments_region_name (region_code, name),
  CONSTRAINT fk_departments_region FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE items (
  code            VARCHAR(64)  NOT NULL PRIMARY KEY,
  name            VARCHAR(200) NOT NULL,
  kind            VARCHAR(32)  NOT NULL,
  dept_id         BIGINT UNSIGNED NOT NULL,
  region_code     CHAR(6)      NOT NULL,
  depth           TINYINT UNSIGNED NOT NULL,
  legal_days      INT UNSIGNED NOT NULL,
  promised_days   INT UNSIGNED NOT NULL,
  visits_required INT UNSIGNED NOT NULL,
  fee             VARCHAR(200) NOT NULL,
  legal_basis     TEXT         NOT NULL,
  conditions      TEXT         NOT NULL,
  materials       LONGTEXT     NOT NULL CHECK (JSON_VALID(materials)),
  form            LONGTEXT     NOT NULL CHECK (JSON_VALID(form)),
  windows         LONGTEXT     NOT NULL CHECK (JSON_VALID(windows)),
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  updated_at      DATETIME(6)  NOT NULL,
  CONSTRAINT ck_items_depth CHECK (depth BETWEEN 1 AND 3),
  KEY ix_items_dept (dept_id, code),
  KEY ix_items_region (region_code, code),
  KEY ix_items_depth (depth, code),
  CONSTRAINT fk_items_dept FOREIGN KEY (dept_id) REFERENCES departments (id),
  CONSTRAINT fk_items_region FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE item_parallel_depts (
  item_code VARCHAR(64)     NOT NULL,
  dept_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (item_code, dept_id),
  CONSTRAINT fk_ipd_item FOREIGN KEY (item_code) REFERENCES items (code) ON DELETE CASCADE,
  CONSTRAINT fk_ipd_dept FOREIGN KEY (dept_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The catalogue's generation: bumped by every admin change, read by the catalogue's cache
-- (one row; a worker's cached entries are valid while the generation is unchanged).
CREATE TABLE catalog_generation (
  id         TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  generation BIGINT UNSIGNED NOT NULL,
  CONSTRAINT ck_catalog_generation_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO catalog_generation (id, generation) VALUES (1, 1);
