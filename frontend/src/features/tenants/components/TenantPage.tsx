import { Tab, TabList, Text } from "@fluentui/react-components";
import { useParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { ErrorState, LoadingState } from "../../../components/states";
import { isApiError } from "../../../api/errors";
import { useTenant } from "../api/useTenant";
import { AzureTab } from "./AzureTab";
import { TenantTags } from "./TenantTags";
import { LinkStatus } from "./TenantsPage";

export function TenantPage() {
  const { tenantId = "" } = useParams();
  const tenant = useTenant(tenantId);

  if (tenant.isPending) {
    return <LoadingState label="Loading tenant…" />;
  }
  if (tenant.isError) {
    if (isApiError(tenant.error) && (tenant.error.status === 404 || tenant.error.status === 403)) {
      return <ProblemPage error={tenant.error} />;
    }
    return <ErrorState error={tenant.error} onRetry={() => void tenant.refetch()} />;
  }

  const subtitle = (
    <Text>
      {tenant.data.kind === "home" ? "Home (MSP) tenant" : "Customer tenant"} ·{" "}
      {/* A customer linked from GDAP discovery may have no known domain. */}
      {tenant.data.primaryDomain && <>{tenant.data.primaryDomain} · </>}
      <LinkStatus tenant={tenant.data} />
    </Text>
  );
  return (
    <>
      <PageHeader title={tenant.data.name} subtitle={subtitle} />
      <TenantTags tenant={tenant.data} />
      <TabList selectedValue="azure" aria-label="Tenant sections">
        <Tab value="azure" id="tenant-tab-azure" aria-controls="tenant-panel-azure">
          Azure
        </Tab>
      </TabList>
      <div role="tabpanel" id="tenant-panel-azure" aria-labelledby="tenant-tab-azure">
        <AzureTab tenant={tenant.data} />
      </div>
    </>
  );
}
