module fixtures.stepdist/leaks/global

go 1.22
