"""The queue's order (status, score descending, id) as one index: a page reads its rows and sorts nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_editors_assign_claims")]

    operations = [
        # The new index first, so the queue is never without one while this runs.
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "-score", "id"], name="claim_queue_order_idx"),
        ),
        migrations.RemoveIndex(model_name="claim", name="claim_status_score_idx"),
    ]
