import * as assert from "node:assert/strict";
import { COST_TABLE_WIDTH, formatCostTable } from "../components/plan/cost/format";
import type { CostEstimate } from "../components/plan/cost";
import { fitLines, formatOutputs, LINE_WIDTH, runPreview, shortType } from "../tools/preview";

describe("preview line width", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(`prints no line wider than 120 columns for the ${stack} stack`, async () => {
            const result = await runPreview(["--stack", stack]);
            assert.equal(result.code, 0, result.stderr);
            const wide = result.stdout.split("\n").filter((l) => l.length > 120);
            assert.deepEqual(wide, []);
            // The wide parts of a preview are there, shortened, not dropped.
            assert.match(result.stdout, /\n {12}\+ aws:s3:BucketServerSideEncryptionConfiguration app-access-logs-encryption\n/);
            assert.match(result.stdout, /\nResource, item {2,}Quantity {2}Unit {2,}USD\/unit {2}USD\/month\n/);
        });
    }

    it("is 120 columns for the whole preview and for the cost table", () => {
        assert.equal(LINE_WIDTH, 120);
        assert.equal(COST_TABLE_WIDTH, 120);
    });
});

describe("shortType", () => {
    it("drops the module's file part, as the Pulumi CLI displays types", () => {
        assert.equal(
            shortType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
            "aws:s3:BucketServerSideEncryptionConfiguration",
        );
        assert.equal(shortType("elastic-web:aws:ElasticService"), "elastic-web:aws:ElasticService");
        assert.equal(shortType("pulumi:providers:aws"), "pulumi:providers:aws");
    });
});

describe("fitLines", () => {
    it("wraps a long line at spaces under its own indentation and leaves short lines alone", () => {
        assert.deepEqual(fitLines(["    short", "      alpha beta gamma delta"], 20), [
            "    short",
            "      alpha beta",
            "      gamma delta",
        ]);
    });

    it("keeps a word wider than the line whole", () => {
        assert.deepEqual(fitLines(["  https://example.com/a/very/long/path ok"], 20), ["  https://example.com/a/very/long/path", "  ok"]);
    });
});

describe("formatOutputs", () => {
    it("puts a value too long for its key's line on the next line, whole", () => {
        const url = `https://example.com/${"x".repeat(110)}`;
        assert.deepEqual(formatOutputs({ dashboardUrl: url, url: "http://a" }), [
            "Outputs:",
            "    dashboardUrl:",
            `        ${JSON.stringify(url)}`,
            '    url: "http://a"',
        ]);
    });
});

describe("formatCostTable, wider than its width", () => {
    const estimate: CostEstimate = {
        monthlyUsd: 1.03,
        currency: "USD",
        region: "us-east-1",
        pricesVersion: "2026-11",
        lines: [
            {
                item: "KMS key",
                resource: "urn:pulumi:s::p::aws:kms/key:Key::key",
                region: "us-east-1",
                quantity: 1,
                unit: "key-month",
                unitUsd: 1,
                monthlyUsd: 1,
                note: "1 customer managed key",
            },
            {
                item: "KMS requests",
                resource: "urn:pulumi:s::p::aws:kms/key:Key::key",
                region: "us-east-1",
                quantity: 1,
                unit: "10,000 requests",
                unitUsd: 0.03,
                monthlyUsd: 0.03,
                note: "10000 requests",
            },
        ],
        unpriced: [],
    } as unknown as CostEstimate;

    it("groups the items under their resource, each note wrapped on the lines below", () => {
        assert.equal(
            formatCostTable(estimate, 70),
            [
                "Monthly cost estimate: 1.03 USD (730 h month, prices 2026-11, region us-east-1)",
                "Resource, item  Quantity  Unit             USD/unit  USD/month",
                "key (us-east-1)",
                "  KMS key              1  key-month               1       1.00",
                "      1 customer managed key",
                "  KMS requests         1  10,000 requests      0.03       0.03",
                "      10000 requests",
                "--------------------------------------------------------------",
                "Total                                                     1.03",
                "",
            ].join("\n"),
        );
    });

    it("keeps one row per line when the rows fit", () => {
        assert.match(formatCostTable(estimate), /\nItem {10}Resource {2}Region {5}Quantity/);
    });
});
