"""Problem titles and measure texts stored with the label an import left before them
("（三）问题5：…", "一是…") lose it: the imports now store texts without labels.

Only a leading label goes (``core.notices.labels.split_label``, the one rule); a code it
carried fills an empty 反馈编号, and the label an empty 序号 of a measure.
"""

from django.db import migrations

from zhenggai.core.notices.labels import split_label

CHUNK = 2000


def strip_labels(problem_model, measure_model) -> int:
    """Strip leading labels from every stored problem title and measure text; the count."""
    problems = []
    for p in problem_model.objects.only("pk", "title", "code").iterator(chunk_size=CHUNK):
        cut = split_label(p.title)
        if cut.label:
            p.title, p.code = cut.text, p.code or cut.code
            problems.append(p)
    problem_model.objects.bulk_update(problems, ["title", "code"], batch_size=CHUNK)
    measures = []
    for m in measure_model.objects.only("pk", "text", "label").iterator(chunk_size=CHUNK):
        cut = split_label(m.text)
        if cut.label:
            m.text, m.label = cut.text, m.label or cut.label[:20]
            measures.append(m)
    measure_model.objects.bulk_update(measures, ["text", "label"], batch_size=CHUNK)
    return len(problems) + len(measures)


def forwards(apps, schema_editor):
    strip_labels(apps.get_model("inspections", "Problem"), apps.get_model("ledger", "Measure"))


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_merge_20261202_1422"),
        ("ledger", "0007_progress_figures_withholding"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
