"""Teams: a manager's team view (gap heatmap, shared patterns, staggered planning talks) and the
admin's organisation view (aggregates only)."""
