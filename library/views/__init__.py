"""The editors' admin for the library, built on Wagtail's generic views.
Views are thin: reads come from ``admin_selectors``, writes go through
``services``, and who may do what is asked of ``permissions``."""
