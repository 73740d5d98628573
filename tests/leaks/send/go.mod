module fixtures.stepdist/leaks/send

go 1.22
