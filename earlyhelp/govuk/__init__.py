"""GOV.UK Design System plumbing shared by every app's screens (no domain code)."""
