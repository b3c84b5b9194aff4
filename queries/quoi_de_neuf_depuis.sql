-- grain: one row: how many imports the base holds besides the seed, the day of the last one,
-- and the day « Quoi de neuf » lists changes after by default: the previous import's (the one
-- before the last), the seed's sources reading day when there is one import only, the eve of
-- the first call's opening when there is none (the seed's whole history); used by:
-- pages/quoi-de-neuf.py
WITH lots AS (
    SELECT
        date_import::DATE AS jour,
        row_number() OVER (ORDER BY date_import DESC, import_id DESC) AS rang
    FROM import_lot
    WHERE import_id <> $lot_initial
),
dates AS (
    SELECT
        (SELECT count(*) FROM lots) AS nb_imports,
        (SELECT jour FROM lots WHERE rang = 1) AS dernier,
        (SELECT jour FROM lots WHERE rang = 2) AS precedent
)
SELECT
    nb_imports,
    dernier AS date_dernier_import,
    CASE
        -- two imports the same day: the previous one's day would hide the last one
        WHEN nb_imports >= 2 THEN least(precedent, dernier - 1)
        WHEN nb_imports = 1 THEN least(
            coalesce($date_extraction,
                     (SELECT date_import::DATE FROM import_lot WHERE import_id = $lot_initial)),
            dernier - 1)
        ELSE (SELECT min(date_ouverture) FROM vague) - 1
    END AS date_depuis_defaut
FROM dates;
