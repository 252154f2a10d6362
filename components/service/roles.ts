/** The roles step of an ElasticService: the execution role ECS starts tasks with, and the role the application runs as. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { arnParts, ecrRepositoryArn, ecsTasksTrustPolicy, execCommandPolicy, executionPolicy } from "./policies";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** What {@link createRoles} makes. */
export interface RolesStep {
    /** Role ECS uses to pull the image, write logs and read secrets. */
    executionRole: aws.iam.Role;
    /** The execution role's permissions; the task definition waits for them. */
    executionPolicy: aws.iam.RolePolicy;
    /** Role the application runs as. */
    taskRole: aws.iam.Role;
}

/**
 * Creates `${name}-exec-role` with `${name}-exec-policy` (logs to `logGroup`, pulls from the image's
 * ECR repository, reads the secrets), `${name}-task-role`, and with ECS Exec `${name}-exec-command-policy`.
 * Both roles trust only this account's ECS tasks, taken from the log group's ARN.
 */
export function createRoles(
    name: string,
    r: ResolvedElasticServiceArgs,
    logGroup: aws.cloudwatch.LogGroup,
    repository: aws.ecr.Repository | undefined,
    opts: pulumi.CustomResourceOptions,
): RolesStep {
    const tags = r.tags ?? {};
    const { partition, region, account } = arnParts(logGroup.arn);
    const executionRole = new aws.iam.Role(
        `${name}-exec-role`,
        {
            description: `Lets ECS start the tasks of ${name}: pull the image, write logs, read secrets.`,
            assumeRolePolicy: ecsTasksTrustPolicy(partition, region, account),
            tags,
        },
        opts,
    );
    const repositoryArn = repository ? repository.arn : typeof r.image === "string" ? ecrRepositoryArn(r.image) : undefined;
    const execPolicy = new aws.iam.RolePolicy(
        `${name}-exec-policy`,
        { role: executionRole.id, policy: executionPolicy(logGroup.arn, repositoryArn, Object.values(r.secrets)) },
        opts,
    );
    const taskRole = new aws.iam.Role(
        `${name}-task-role`,
        {
            description: `Role the application of ${name} runs as.`,
            assumeRolePolicy: ecsTasksTrustPolicy(partition, region, account),
            tags,
        },
        opts,
    );
    if (r.enableExecuteCommand) {
        new aws.iam.RolePolicy(`${name}-exec-command-policy`, { role: taskRole.id, policy: execCommandPolicy(logGroup.arn) }, opts);
    }
    return { executionRole, executionPolicy: execPolicy, taskRole };
}
