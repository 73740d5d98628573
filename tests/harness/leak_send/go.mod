module fixtures.stepdist/leak_send

go 1.22
