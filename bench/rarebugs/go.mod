module stepdist.rarebugs

go 1.22
